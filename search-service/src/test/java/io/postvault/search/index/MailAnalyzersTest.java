package io.postvault.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class MailAnalyzersTest {

    private static List<String> tokens(Analyzer analyzer, String field, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }

    @Test
    void frenchTextLosesElisionsAccentsAndPlurals() throws IOException {
        assertThat(tokens(MailAnalyzers.perField(), Fields.BODY, "L'Élève et les élèves d'Orléans"))
                .containsExactly("eleve", "et", "le", "eleve", "orlean");
        assertThat(tokens(MailAnalyzers.perField(), Fields.BODY, "eleve"))
                .containsExactly("eleve");
    }

    @Test
    void otherScriptsLoseTheirAccentsToo() throws IOException {
        assertThat(tokens(MailAnalyzers.perField(), Fields.BODY, "Καλημέρα Отчёт Größe Mañana 東京"))
                .containsExactly("καλημερα", "отчет", "grosse", "manana", "東", "京");
    }

    @Test
    void englishTextLosesPossessivesAndPlurals() throws IOException {
        assertThat(tokens(MailAnalyzers.perField(), Fields.SUBJECT, "Bob's invoices"))
                .containsExactly("bob", "invoice");
    }

    @Test
    void addressesAndDomainsStayWhole() throws IOException {
        assertThat(tokens(MailAnalyzers.perField(), Fields.FROM, "Renée Dupont <Renee.Dupont@Example.FR>"))
                .containsExactly("renee", "dupont", "renee.dupont@example.fr");
        assertThat(tokens(MailAnalyzers.perField(), Fields.FROM, "example.fr")).containsExactly("example.fr");
    }

    @Test
    void exactFieldsKeepTheirValue() throws IOException {
        assertThat(tokens(MailAnalyzers.perField(), Fields.FOLDER, "Archives/2026 Q1"))
                .containsExactly("Archives/2026 Q1");
    }
}
