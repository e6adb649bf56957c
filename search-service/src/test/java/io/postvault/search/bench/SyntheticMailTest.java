package io.postvault.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.search.extract.ExtractedMessage;
import io.postvault.search.extract.MessageTextExtractor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark corpus is the same on every run and made of messages the service reads whole. */
class SyntheticMailTest {

    @Test
    void theSameSeedGivesTheSameMessagesInAnyOrder() {
        SyntheticMail one = new SyntheticMail(42, 10, 5);
        SyntheticMail two = new SyntheticMail(42, 10, 5);
        assertThat(two.message(999).bytes()).isEqualTo(one.message(999).bytes());
        assertThat(two.message(0).bytes()).isEqualTo(one.message(0).bytes());
        assertThat(new SyntheticMail(43, 10, 5).message(0).bytes()).isNotEqualTo(one.message(0).bytes());
    }

    @Test
    void messagesSpreadOverTheAccountsAndParseWithTheirWords() {
        SyntheticMail mail = new SyntheticMail(7, 4, 3);
        MessageTextExtractor extractor = new MessageTextExtractor(100_000);
        Set<String> addresses = new HashSet<>();
        int withAttachment = 0;
        int archived = 0;
        for (int i = 0; i < 600; i++) {
            SyntheticMail.Message m = mail.message(i);
            addresses.add(m.address());
            ExtractedMessage text = extractor.extract(m.bytes());
            assertThat(text.subject()).isNotBlank();
            assertThat(text.body()).isNotBlank().doesNotContain("<p>", "=C3");
            assertThat(text.from()).contains("@");
            withAttachment += text.attachments().isEmpty() ? 0 : 1;
            archived += m.archived() ? 1 : 0;
        }
        assertThat(addresses).hasSize(12);
        assertThat(withAttachment).isBetween(30, 90);
        assertThat(archived).isBetween(100, 200);
    }
}
