package io.postvault.protocol.imap.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes of the untagged responses of the extensions (RFC 7162, 4731, 5256, 5258, 5819). */
class UntaggedResponsesTest {

    @Test
    void flagUpdates() {
        assertThat(UntaggedResponses.flags(3, 7, List.of("\\Seen"), 12)).isEqualTo("* 3 FETCH (UID 7 FLAGS (\\Seen) MODSEQ (12))");
        assertThat(UntaggedResponses.flags(1, -1, List.of(), -1)).isEqualTo("* 1 FETCH (FLAGS ())");
        assertThat(UntaggedResponses.flags(2, -1, List.of("\\Deleted", "$Work"), 9223372036854775807L))
                .isEqualTo("* 2 FETCH (FLAGS (\\Deleted $Work) MODSEQ (9223372036854775807))");
    }

    @Test
    void vanished() {
        assertThat(UntaggedResponses.vanished(new long[] {1, 2, 3, 5, 8, 9}, false)).isEqualTo("* VANISHED 1:3,5,8:9");
        assertThat(UntaggedResponses.vanished(new long[] {4294967295L}, true)).isEqualTo("* VANISHED (EARLIER) 4294967295");
        assertThat(SequenceSet.format(new long[0])).isEmpty();
        assertThat(UntaggedResponses.vanishedRanges(new long[] {1, 3, 5, 5, 8, 4294967295L}))
                .isEqualTo("* VANISHED (EARLIER) 1:3,5,8:4294967295");
        assertThat(SequenceSet.formatRanges(new long[0])).isEmpty();
    }

    @Test
    void esearch() {
        assertThat(UntaggedResponses.esearch("a1", true, 1, 9, 3, new long[] {1, 5, 6, 7, 9}, 12))
                .isEqualTo("* ESEARCH (TAG \"a1\") UID MIN 1 MAX 9 COUNT 3 ALL 1,5:7,9 MODSEQ 12");
        assertThat(UntaggedResponses.esearch("x", false, 0, 0, 0, new long[0], 0)).isEqualTo("* ESEARCH (TAG \"x\") COUNT 0");
        assertThat(UntaggedResponses.esearch("t\"q", false, 0, 0, -1, null, 0)).isEqualTo("* ESEARCH (TAG \"t\\\"q\")");
    }

    @Test
    void searchAndSort() {
        assertThat(UntaggedResponses.numbers("SEARCH", new long[] {2, 10}, 0)).isEqualTo("* SEARCH 2 10");
        assertThat(UntaggedResponses.numbers("SEARCH", new long[] {2}, 917162500)).isEqualTo("* SEARCH 2 (MODSEQ 917162500)");
        assertThat(UntaggedResponses.numbers("SORT", new long[0], 0)).isEqualTo("* SORT");
        assertThat(UntaggedResponses.numbers("SORT", new long[] {5, 3, 4}, 0)).isEqualTo("* SORT 5 3 4");
    }

    @Test
    void listAndStatus() {
        assertThat(UntaggedResponses.list("LIST", List.of("\\HasChildren"), "Projects", true))
                .isEqualTo("* LIST (\\HasChildren) \"/\" Projects (\"CHILDINFO\" (\"SUBSCRIBED\"))");
        assertThat(UntaggedResponses.list("LSUB", List.of("\\HasNoChildren", "\\Subscribed"), "Caf\u00e9 Noir", false))
                .isEqualTo("* LSUB (\\HasNoChildren \\Subscribed) \"/\" \"Caf&AOk- Noir\"");
        assertThat(UntaggedResponses.status("INBOX", List.of("MESSAGES", "APPENDLIMIT"), List.of("3", "52428800")))
                .isEqualTo("* STATUS INBOX (MESSAGES 3 APPENDLIMIT 52428800)");
    }

    @Test
    void listAndStatusInUtf8OnceImap4rev2IsEnabled() {
        assertThat(UntaggedResponses.list("LIST", List.of(), "Entw\u00fcrfe/Gr\u00f6\u00dfe", false, true))
                .isEqualTo("* LIST () \"/\" \"Entw\u00fcrfe/Gr\u00f6\u00dfe\"");
        assertThat(UntaggedResponses.list("LIST", List.of(), "Entw\u00fcrfe", false, false))
                .isEqualTo("* LIST () \"/\" Entw&APw-rfe");
        assertThat(UntaggedResponses.list("LIST", List.of(), "INBOX", false, true)).isEqualTo("* LIST () \"/\" INBOX");
        assertThat(UntaggedResponses.status("\u65e5\u672c \"x\"", List.of("DELETED"), List.of("2"), true))
                .isEqualTo("* STATUS \"\u65e5\u672c \\\"x\\\"\" (DELETED 2)");
        assertThat(UntaggedResponses.status("Caf\u00e9", List.of("MESSAGES"), List.of("0"), false))
                .isEqualTo("* STATUS Caf&AOk- (MESSAGES 0)");
    }

    @Test
    void aUtf8NameThatCannotBeQuotedGoesInALiteralOfItsOctets() {
        StringBuilder out = new StringBuilder();
        ImapStrings.mailbox(out, "caf\u00e9\r\n", true);
        assertThat(out).hasToString("{7}\r\ncaf\u00e9\r\n");
        out.setLength(0);
        ImapStrings.mailbox(out, "NIL", true);
        assertThat(out).hasToString("\"NIL\"");
    }

    @Test
    void esearchOfNothingIsTheTagAlone() {
        assertThat(UntaggedResponses.esearch("r12", false, 0, 0, -1, new long[0], 0))
                .isEqualTo("* ESEARCH (TAG \"r12\")");
        assertThat(UntaggedResponses.esearch("r11", true, 0, 0, -1, new long[] {1, 2}, 0))
                .isEqualTo("* ESEARCH (TAG \"r11\") UID ALL 1:2");
    }
}
