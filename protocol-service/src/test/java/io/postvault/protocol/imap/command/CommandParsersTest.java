package io.postvault.protocol.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapRequest;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.Requests;
import io.postvault.protocol.imap.codec.SequenceSet;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-command parsers (RFC 3501 and extensions) through the real framing, table-driven; every input also split at
 * every byte offset. Sequence sets in search keys resolve against a view of ten messages, UID = sequence number.
 */
class CommandParsersTest {

    /** Parsers by command name; "UID X" parses X in its UID form. */
    static final Map<String, Function<ImapReader, Object>> PARSERS = Map.ofEntries(
            Map.entry("SELECT", SelectCommand::parse), Map.entry("EXAMINE", SelectCommand::parse),
            Map.entry("STORE", StoreCommand::parse), Map.entry("UID STORE", StoreCommand::parse),
            Map.entry("FETCH", in -> FetchCommand.parse(in, false)),
            Map.entry("UID FETCH", in -> FetchCommand.parse(in, true)),
            Map.entry("SEARCH", in -> SearchCommand.parse(in, CommandParsersTest::bySeq, CommandParsersTest::byUid,
                    CommandParsersTest::recent, 100)),
            Map.entry("SORT", in -> SortCommand.parse(in, CommandParsersTest::bySeq, CommandParsersTest::byUid,
                    CommandParsersTest::recent, 100)),
            Map.entry("LIST", in -> ListCommand.parse(in, false)), Map.entry("LSUB", in -> ListCommand.parse(in, true)),
            Map.entry("STATUS", StatusCommand::parse), Map.entry("ENABLE", EnableCommand::parse),
            Map.entry("CREATE", CreateCommand::parse), Map.entry("RENAME", RenameCommand::parse),
            Map.entry("APPEND", AppendCommand::parse), Map.entry("COPY", CopyCommand::parse),
            Map.entry("MOVE", CopyCommand::parse), Map.entry("LOGIN", LoginCommand::parse),
            Map.entry("AUTHENTICATE", AuthenticateCommand::parse), Map.entry("ID", IdCommand::parse),
            Map.entry("DELETE", MailboxName::only), Map.entry("GETQUOTAROOT", MailboxName::only),
            Map.entry("GETACL", in -> AclCommand.parse(in, "GETACL")),
            Map.entry("MYRIGHTS", in -> AclCommand.parse(in, "MYRIGHTS")),
            Map.entry("SETACL", in -> AclCommand.parse(in, "SETACL")),
            Map.entry("DELETEACL", in -> AclCommand.parse(in, "DELETEACL")),
            Map.entry("LISTRIGHTS", in -> AclCommand.parse(in, "LISTRIGHTS")));

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("a SELECT INBOX\r\n", "SelectCommand(INBOX, false, null)"),
                Arguments.of("a EXAMINE \"Caf&AOk-\" (CONDSTORE)\r\n", "SelectCommand(Caf\u00e9, true, null)"),
                Arguments.of("a select {5}\r\ninbox (condstore)\r\n", "SelectCommand(INBOX, true, null)"),
                Arguments.of("a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))\r\n",
                        "SelectCommand(INBOX, false, Qresync(67890007, 90060115194045000, 41:211,214:541, null, null))"),
                Arguments.of("a SELECT INBOX (QRESYNC (67890007 9006 1:29997 (5000,7500 15000,22500)))\r\n",
                        "SelectCommand(INBOX, false, Qresync(67890007, 9006, 1:29997, 5000,7500, 15000,22500))"),
                Arguments.of("a SELECT INBOX (QRESYNC (7 9 (1 4)))\r\n",
                        "SelectCommand(INBOX, false, Qresync(7, 9, null, 1, 4))"),
                Arguments.of("a STORE 1:3 (UNCHANGEDSINCE 12) +FLAGS.SILENT (\\seen $Label)\r\n",
                        "StoreCommand(1:3, 12, ADD, true, [\\Seen, $Label])"),
                Arguments.of("a UID STORE $ FLAGS \\Deleted \\Draft\r\n",
                        "StoreCommand($, -1, REPLACE, false, [\\Deleted, \\Draft])"),
                Arguments.of("a STORE 5 -FLAGS ()\r\n", "StoreCommand(5, -1, REMOVE, false, [])"),
                Arguments.of("a FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n",
                        "FetchCommand(false, 1:*, [Simple(FLAGS), Simple(MODSEQ)], 12345, false)"),
                Arguments.of("a UID FETCH 1:* FLAGS (CHANGEDSINCE 9223372036854775807 VANISHED)\r\n",
                        "FetchCommand(true, 1:*, [Simple(UID), Simple(FLAGS), Simple(MODSEQ)], 9223372036854775807, true)"),
                Arguments.of("a FETCH 2 (MODSEQ BODY.PEEK[HEADER.FIELDS (Subject)]<0.10>)\r\n",
                        "FetchCommand(false, 2, [Simple(MODSEQ), Section(true, [], HEADER.FIELDS, [SUBJECT], 0, 10, "
                                + "BODY[HEADER.FIELDS (SUBJECT)]<0>)], -1, false)"),
                Arguments.of("a SEARCH UNSEEN\r\n", "SearchCommand(null, And([Flag(\\Seen, false)]))"),
                Arguments.of("a SEARCH RETURN (MIN COUNT) UNSEEN\r\n",
                        "SearchCommand([MIN, COUNT], And([Flag(\\Seen, false)]))"),
                Arguments.of("a SEARCH RETURN () CHARSET UTF-8 SUBJECT {5}\r\ncaf\u00e9\r\n",
                        "SearchCommand([ALL], And([Header(subject, caf\u00e9)]))"),
                Arguments.of("a SEARCH return (save) 2:3 UID 4:*\r\n",
                        "SearchCommand([SAVE], And([UidRanges([2, 3]), UidRanges([4, 10])]))"),
                Arguments.of("a SEARCH RECENT NEW OLD\r\n", "SearchCommand(null, And([UidRanges([8, 10]), "
                        + "And([UidRanges([8, 10]), Flag(\\Seen, false)]), Not(UidRanges([8, 10]))]))"),
                Arguments.of("a SEARCH LARGER 4294967296 SMALLER 9007199254740991\r\n",
                        "SearchCommand(null, And([Size(true, 4294967296), Size(false, 9007199254740991)]))"),
                Arguments.of("a SEARCH SENTON 7-mar-2026 BEFORE \"07-MAR-2026\" HEADER X-Ticket \"\"\r\n",
                        "SearchCommand(null, And([SentDate(ON, 2026-03-07), InternalDate(BEFORE, 2026-03-07), "
                        + "Header(x-ticket, )]))"),
                Arguments.of("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
                        "SearchCommand(null, And([ModSeq(620162338)]))"),
                Arguments.of("a SEARCH EMAILID M0123456789abcdef01234567 emailid Mother threadid T_1-x\r\n",
                        "SearchCommand(null, And([EmailId(0123456789abcdef01234567), Not(And([])), Not(And([]))]))"),
                Arguments.of("a FETCH 1:2 (EMAILID THREADID UID)\r\n",
                        "FetchCommand(false, 1:2, [Simple(EMAILID), Simple(THREADID), Simple(UID)], -1, false)"),
                Arguments.of("a SORT (REVERSE DATE subject) UTF-8 FROM bob\r\n",
                        "SortCommand([SortCriterion(DATE, true), SortCriterion(SUBJECT, false)], "
                                + "And([Header(from, bob)]))"),
                Arguments.of("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" %) RETURN (CHILDREN STATUS (MESSAGES unseen))\r\n",
                        "ListCommand(false, [SUBSCRIBED, RECURSIVEMATCH], , [INBOX, %], [CHILDREN, STATUS], [MESSAGES, UNSEEN])"),
                Arguments.of("a LIST \"\" *\r\n", "ListCommand(false, [], , [*], [], [])"),
                Arguments.of("a LIST () Work/ % RETURN ()\r\n", "ListCommand(false, [], Work/, [%], [], [])"),
                Arguments.of("a LSUB \"\" W*\r\n", "ListCommand(true, [], , [W*], [], [])"),
                Arguments.of("a STATUS INBOX (MESSAGES APPENDLIMIT HIGHESTMODSEQ)\r\n",
                        "StatusCommand(INBOX, [MESSAGES, APPENDLIMIT, HIGHESTMODSEQ])"),
                Arguments.of("a STATUS Archive (mailboxid)\r\n", "StatusCommand(Archive, [MAILBOXID])"),
                Arguments.of("a ENABLE condstore QRESYNC\r\n", "EnableCommand([CONDSTORE, QRESYNC])"),
                Arguments.of("a CREATE Receipts/ (USE (\\Archive))\r\n", "CreateCommand(Receipts, [\\Archive])"),
                Arguments.of("a RENAME inbox/Old \"New Name\"\r\n", "RenameCommand(INBOX/Old, New Name)"),
                Arguments.of("a APPEND INBOX (\\Seen) \"05-Mar-2024 10:00:00 +0100\" {5}\r\nhello\r\n",
                        "AppendCommand(INBOX, [\\Seen], 2024-03-05T09:00:00Z, bytes:hello, false)"),
                Arguments.of("a COPY 2:4,7 Trash\r\n", "CopyCommand(2:4,7, Trash)"),
                Arguments.of("a MOVE $ \"Junk\"\r\n", "CopyCommand($, Junk)"),
                Arguments.of("a LOGIN alice \"pass \\\"word\\\"\"\r\n", "LoginCommand(alice, pass \"word\")"),
                Arguments.of("a AUTHENTICATE PLAIN AGFsaWNlAHB3\r\n", "AuthenticateCommand(PLAIN, AGFsaWNlAHB3)"),
                Arguments.of("a ID (\"name\" \"x\" \"version\" NIL)\r\n", "IdCommand({name=x, version=null})"),
                Arguments.of("a ID NIL\r\n", "IdCommand({})"),
                Arguments.of("a GETQUOTAROOT inbox\r\n", "INBOX"),
                Arguments.of("a GETACL Shared/team@example.com/inbox\r\n",
                        "AclCommand(Shared/team@example.com/inbox, null, null)"),
                Arguments.of("a MYRIGHTS \"Caf&AOk-\"\r\n", "AclCommand(Caf\u00e9, null, null)"),
                Arguments.of("a SETACL INBOX bob@example.com +lrs\r\n", "AclCommand(INBOX, bob@example.com, +lrs)"),
                Arguments.of("a SETACL Shared/t@x/Sent {4}\r\nbob@ \"\"\r\n", "AclCommand(Shared/t@x/Sent, bob@, )"),
                Arguments.of("a DELETEACL INBOX \"bob@example.com\"\r\n", "AclCommand(INBOX, bob@example.com, null)"),
                Arguments.of("a LISTRIGHTS INBOX bob\r\n", "AclCommand(INBOX, bob, null)"),
                Arguments.of("a LIST \"\" * RETURN (MYRIGHTS)\r\n", "ListCommand(false, [], , [*], [MYRIGHTS], [])"),
                Arguments.of("a FETCH 1 (BINARY.PEEK[1.2]<0.100> BINARY.SIZE[] binary[3])\r\n",
                        "FetchCommand(false, 1, [Binary(true, [1, 2], false, 0, 100, BINARY[1.2]<0>), "
                                + "Binary(false, [], true, -1, 0, BINARY.SIZE[]), "
                                + "Binary(false, [3], false, -1, 0, BINARY[3])], -1, false)"),
                Arguments.of("a LIST \"\" \"Entw&APw-rfe/*\"\r\n",
                        "ListCommand(false, [], , [Entw\u00fcrfe/*], [], [])"),
                Arguments.of("a APPEND INBOX () \"05-Mar-2024 10:00:00 +0100\" ~{5}\r\nhello\r\n",
                        "AppendCommand(INBOX, [], 2024-03-05T09:00:00Z, bytes:hello, true)"),
                Arguments.of("a APPEND INBOX \" 5-MAR-2024 10:00:00 -0000\" {5}\r\nhello\r\n",
                        "AppendCommand(INBOX, [], 2024-03-05T10:00:00Z, bytes:hello, false)"),
                Arguments.of("a APPEND INBOX \"05-mar-2024 10:00:00 +0100\" {5}\r\nhello\r\n",
                        "AppendCommand(INBOX, [], 2024-03-05T09:00:00Z, bytes:hello, false)"));
    }

    /** Inputs of a session that enabled IMAP4rev2 (RFC 9051): UTF-8 mailbox names, STATUS DELETED. */
    static Stream<Arguments> validRev2() {
        return Stream.of(
                Arguments.of("a LIST \"\" \"Entw\u00fcrfe/*\"\r\n",
                        "ListCommand(false, [], , [Entw\u00fcrfe/*], [], [])"),
                Arguments.of("a SELECT \"Entw&APw-rfe\"\r\n", "SelectCommand(Entw&APw-rfe, false, null)"),
                Arguments.of("a STATUS \"Gr\u00f6\u00dfe\" (MESSAGES DELETED SIZE)\r\n",
                        "StatusCommand(Gr\u00f6\u00dfe, [MESSAGES, DELETED, SIZE])"),
                Arguments.of("a CREATE {9}\r\n\u65e5\u672c\u8a9e\r\n", "CreateCommand(\u65e5\u672c\u8a9e, [])"),
                Arguments.of("a SEARCH UNSEEN\r\n", "SearchCommand(null, And([Flag(\\Seen, false)]))"),
                Arguments.of("a FETCH 1 (RFC822.SIZE BINARY[1])\r\n", "FetchCommand(false, 1, [Simple(RFC822.SIZE), "
                        + "Binary(false, [1], false, -1, 0, BINARY[1])], -1, false)"));
    }

    /** What RFC 9051 dropped: \\Recent (STATUS RECENT, SEARCH RECENT, NEW, OLD). */
    static Stream<Arguments> invalidRev2() {
        return Stream.of(
                Arguments.of("a STATUS INBOX (MESSAGES RECENT)\r\n", "Unknown status item RECENT"),
                Arguments.of("a SEARCH NOT NEW\r\n", "No search key NEW in IMAP4rev2"),
                Arguments.of("a SEARCH OR OLD SEEN\r\n", "No search key OLD in IMAP4rev2"),
                Arguments.of("a SORT (DATE) UTF-8 RECENT\r\n", "No search key RECENT in IMAP4rev2"),
                Arguments.of("a FETCH 1 (FLAGS RFC822)\r\n", "RFC822 is not part of IMAP4rev2"),
                Arguments.of("a UID FETCH 1 rfc822.text\r\n", "RFC822.TEXT is not part of IMAP4rev2"),
                Arguments.of("a LIST \"\" * RETURN (STATUS (RECENT))\r\n", "Unknown status item RECENT"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a SELECT INBOX (QRESYNC (0 1))\r\n", "Expected non-zero number"),
                Arguments.of("a FETCH 1 BODY.PEEK[HEADER.FIELDS ()]\r\n", "Expected atom"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 0))\r\n", "Expected non-zero mod-sequence"),
                Arguments.of("a SELECT INBOX (QRESYNC (1 2 $))\r\n", "Expected known UIDs"),
                Arguments.of("a SELECT INBOX (BOGUS)\r\n", "Unknown select parameter BOGUS"),
                Arguments.of("a SELECT INBOX ()\r\n", "Expected atom"),
                Arguments.of("a STORE 1 (UNCHANGEDSINCE 99999999999999999999) +FLAGS (\\Seen)\r\n",
                        "Expected mod-sequence"),
                Arguments.of("a STORE 1 (UNCHANGEDSINCE 9223372036854775808) +FLAGS (\\Seen)\r\n",
                        "Mod-sequence out of range"),
                // DIGIT is %x30-39 (RFC 5234): other scripts' digits are no number
                Arguments.of("a STORE 1 (UNCHANGEDSINCE \u0661\u0662) +FLAGS (\\Seen)\r\n", "Expected mod-sequence"),
                Arguments.of("a STORE 1 BOGUS (\\Seen)\r\n", "Expected FLAGS, +FLAGS or -FLAGS"),
                Arguments.of("a STORE 1 +FLAGS (\\Recent)\r\n", "Invalid flag \\Recent"),
                Arguments.of("a STORE 0 +FLAGS (\\Seen)\r\n", "Invalid sequence set"),
                Arguments.of("a FETCH 1 FLAGS (CHANGEDSINCE 1 BOGUS)\r\n", "Unknown fetch modifier BOGUS"),
                Arguments.of("a UID FETCH 1 FLAGS (VANISHED)\r\n", "VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("a SEARCH RETURN (BOGUS) ALL\r\n", "Unknown search return option BOGUS"),
                Arguments.of("a SEARCH MODSEQ \"/flags/\\\\draft\" mine 1\r\n", "Expected priv, shared or all"),
                Arguments.of("a SEARCH EMAILID M1.2\r\n", "Invalid object id"),
                Arguments.of("a SEARCH THREADID\r\n", "Expected SP"),
                Arguments.of("a SORT (SUBJECT) UTF-8\r\n", "Expected SP"),
                Arguments.of("a SORT (NAME) UTF-8 ALL\r\n", "Unknown sort key NAME"),
                Arguments.of("a LIST (RECURSIVEMATCH) \"\" *\r\n", "RECURSIVEMATCH needs another selection option"),
                Arguments.of("a LIST \"\" * RETURN (STATUS (BOGUS))\r\n", "Unknown status item BOGUS"),
                Arguments.of("a LIST \"\" * RETURNS ()\r\n", "Expected RETURN"),
                Arguments.of("a STATUS INBOX ()\r\n", "Expected atom"),
                Arguments.of("a ENABLE\r\n", "Expected SP"),
                Arguments.of("a CREATE X (USE \\Archive)\r\n", "Expected ("),
                Arguments.of("a APPEND INBOX \"32-Mar-2024 10:00:00 +0000\" {1}\r\nx\r\n",
                        "Invalid date-time 32-Mar-2024 10:00:00 +0000"),
                Arguments.of("a APPEND INBOX hello\r\n", "Expected literal"),
                Arguments.of("a COPY 1\r\n", "Expected SP"),
                Arguments.of("a LOGIN alice\r\n", "Expected SP"),
                Arguments.of("a DELETE INBOX extra\r\n", "Unexpected extra arguments"),
                Arguments.of("a SETACL INBOX bob\r\n", "Expected SP"),
                Arguments.of("a GETACL INBOX bob\r\n", "Unexpected extra arguments"),
                Arguments.of("a DELETEACL INBOX\r\n", "Expected SP"),
                Arguments.of("a STATUS INBOX (DELETED)\r\n", "Unknown status item DELETED"),
                Arguments.of("a FETCH 1 BINARY[0]\r\n", "Expected non-zero number"),
                Arguments.of("a FETCH 1 BINARY[1.TEXT]\r\n", "Expected number"),
                Arguments.of("a FETCH 1 BINARY.PEEK\r\n", "Expected ["),
                Arguments.of("a FETCH 1 BINARY.SIZE[1]<0.1>\r\n", "Unexpected extra arguments"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesWholeAndSplitAtEveryOffset(String input, String expected) {
        parsesAtEveryOffset(input, expected, false);
    }

    @ParameterizedTest
    @MethodSource("validRev2")
    void parsesRev2WholeAndSplitAtEveryOffset(String input, String expected) {
        parsesAtEveryOffset(input, expected, true);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesWithTheReasonAtEveryOffset(String input, String message) {
        refusesAtEveryOffset(input, message, false);
    }

    @ParameterizedTest
    @MethodSource("invalidRev2")
    void refusesRev2WithTheReasonAtEveryOffset(String input, String message) {
        refusesAtEveryOffset(input, message, true);
    }

    private static void parsesAtEveryOffset(String input, String expected, boolean rev2) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        String whole = parse(bytes, 0, rev2);
        if (expected != null) {
            assertThat(whole).isEqualTo(expected);
        }
        for (int split = 1; split < bytes.length; split++) {
            assertThat(parse(bytes, split, rev2)).as("split at %d", split).isEqualTo(whole);
        }
    }

    private static void refusesAtEveryOffset(String input, String message, boolean rev2) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split < bytes.length; split++) {
            int at = split;
            assertThatThrownBy(() -> parse(bytes, at, rev2)).as("split at %d", split)
                    .isInstanceOf(ImapSyntaxException.class).hasMessage(message);
        }
    }

    /** Decodes one request and parses it (by RFC 9051's grammar with {@code rev2}); the parsed command described. */
    static String parse(byte[] bytes, int split, boolean rev2) {
        List<ImapRequest> requests = Requests.decode(bytes, split);
        assertThat(requests).hasSize(1);
        ImapReader in = new ImapReader(requests.get(0), rev2);
        in.tag();
        in.sp();
        String name = in.atom().toUpperCase(Locale.ROOT);
        if (name.equals("UID")) {
            in.sp();
            name = "UID " + in.atom().toUpperCase(Locale.ROOT);
        }
        return describe(PARSERS.get(name).apply(in));
    }

    /** A view of ten messages, UID = sequence number; "$" is empty. */
    static long[] bySeq(SequenceSet set) {
        long[] ranges = set.resolve(10);
        return java.util.stream.LongStream.rangeClosed(1, 10).filter(n -> within(ranges, n)).toArray();
    }

    static long[] byUid(SequenceSet set) {
        return bySeq(set);
    }

    /** Messages 8 to 10 of that view are \Recent. */
    static long[] recent() {
        return new long[] {8, 9, 10};
    }

    private static boolean within(long[] ranges, long n) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (n >= ranges[i] && n <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Records by their components, arrays by their elements: stable text for comparisons. */
    static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (o instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (o instanceof byte[] b) {
            return "bytes:" + new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(CommandParsersTest::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        if (o instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + describe(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (o.getClass().isRecord()) {
            StringBuilder out = new StringBuilder(o.getClass().getSimpleName()).append('(');
            RecordComponent[] components = o.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                try {
                    out.append(i == 0 ? "" : ", ").append(describe(components[i].getAccessor().invoke(o)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.append(')').toString();
        }
        return String.valueOf(o);
    }
}
