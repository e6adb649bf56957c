package io.postvault.search.index;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * The analyzers of the index, the same at index and at query time.
 *
 * <ul>
 *   <li>Text (subject, body, attachment names): Unicode word tokens, lower case, French elisions removed
 *   ({@code l'élève} gives {@code eleve}), accents folded to ASCII ({@code élève} and {@code eleve} match) and dropped
 *   from other scripts too (Greek {@code καλημέρα} = {@code καλημερα}, Russian {@code отчёт} = {@code отчет}), English
 *   possessives and plurals reduced (a minimal stemmer: it also folds most French plurals in {@code -s}). No
 *   aggressive stemming: one index serves French and English mail, and a stemmer of one language mangles the
 *   other.</li>
 *   <li>Addresses (from, to, cc): e-mail addresses and domain names stay whole tokens, so {@code from:bob@example.net}
 *   matches that address only; display names are words.</li>
 *   <li>Exact fields (status, direction, folder, ...): the value as it is.</li>
 * </ul>
 */
public final class MailAnalyzers {

    private MailAnalyzers() {
    }

    /** The analyzer of the whole index. */
    public static Analyzer perField() {
        Analyzer text = text();
        Analyzer addresses = addresses();
        Map<String, Analyzer> fields = new HashMap<>();
        for (String field : Fields.ADDRESS_TEXT) {
            fields.put(field, addresses);
        }
        for (String field : Fields.EXACT) {
            fields.put(field, new KeywordAnalyzer());
        }
        return new PerFieldAnalyzerWrapper(text, fields);
    }

    public static Analyzer text() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(source);
                stream = new ElisionFilter(stream, FrenchAnalyzer.DEFAULT_ARTICLES);
                stream = new ASCIIFoldingFilter(stream);
                stream = new DiacriticFoldingFilter(stream);
                stream = new EnglishPossessiveFilter(stream);
                stream = new EnglishMinimalStemFilter(stream);
                return new TokenStreamComponents(source, stream);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new DiacriticFoldingFilter(new ASCIIFoldingFilter(new LowerCaseFilter(in)));
            }
        };
    }

    public static Analyzer addresses() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new UAX29URLEmailTokenizer();
                TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(source));
                return new TokenStreamComponents(source, stream);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }
}
