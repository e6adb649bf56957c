package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SETACL mod-rights (RFC 4314 section 3.1): replace, "+" add, "-" remove; the obsolete c and d (section 2.1.1). */
class AclModificationTest {

    @ParameterizedTest(name = "{0} on \"{1}\" -> \"{2}\"")
    @CsvSource(quoteCharacter = '\'', value = {
            "lrs, lrswi, lrs",
            "+wi, lrs, lrswi",
            "+l, lrs, lrs",
            "-si, lrswi, lrw",
            "-lrswi, lrswi, ''",
            "'', lrs, ''",
            "+d, lr, lrxte",
            "c, lr, k",
            "-d, lrswipkxtea, lrswipka"})
    void appliesTheModification(String modRights, String current, String expected) {
        String after = AclHandler.Modification.parse(modRights).apply(current);
        assertThat(after.isEmpty() ? "" : new Rights(after).letters()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"lz", "+R", "-1"})
    void refusesAnUnknownRight(String modRights) {
        assertThatThrownBy(() -> AclHandler.Modification.parse(modRights)).isInstanceOf(ImapSyntaxException.class)
                .hasMessageStartingWith("Unknown right");
    }
}
