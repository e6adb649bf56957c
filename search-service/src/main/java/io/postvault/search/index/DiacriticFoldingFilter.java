package io.postvault.search.index;

import java.io.IOException;
import java.text.Normalizer;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Drops the accents ASCII folding leaves: a token still holding non-ASCII letters is decomposed (Unicode NFD) and its
 * combining marks removed, so Greek {@code καλημέρα} matches {@code καλημερα} and Russian {@code отчёт} matches
 * {@code отчет}, as French {@code élève} matches {@code eleve}. ASCII tokens pass untouched (no cost).
 */
final class DiacriticFoldingFilter extends TokenFilter {

    private static final Pattern MARKS = Pattern.compile("\\p{Mn}+");

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    DiacriticFoldingFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        char[] buffer = term.buffer();
        for (int i = 0; i < term.length(); i++) {
            if (buffer[i] > 0x7f) {
                String folded = MARKS.matcher(Normalizer.normalize(term, Normalizer.Form.NFD)).replaceAll("");
                term.setEmpty().append(Normalizer.normalize(folded, Normalizer.Form.NFC));
                return true;
            }
        }
        return true;
    }
}
