package io.postvault.protocol.imap.command;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapRequest;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.Requests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz target of every command parser behind the real framing (FrameDecoder + ImapRequestDecoder): the first input
 * byte picks the parser (Jazzer fuzzes one target per run, so one target covers them all), the rest is the command's
 * arguments, literals included; each request is parsed by RFC 3501's grammar and again by RFC 9051's (a session that
 * enabled IMAP4rev2). A parser may only refuse with a syntax error (BAD) or an unknown charset (NO [BADCHARSET]); any
 * other exception is a finding. Findings are kept under
 * {@code src/test/resources/io/postvault/protocol/imap/command/ImapParsersFuzzTestInputs/parsers/} and replayed by
 * every test run; the surefire execution "fuzz" fuzzes for the bounded time below.
 */
class ImapParsersFuzzTest {

    private static final List<String> COMMANDS = CommandParsersTest.PARSERS.keySet().stream().sorted().toList();

    @FuzzTest(maxDuration = "10s")
    void parsers(FuzzedDataProvider data) {
        String name = data.pickValue(COMMANDS);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(("a " + name + " ").getBytes(StandardCharsets.US_ASCII));
        input.writeBytes(data.consumeRemainingAsBytes());
        input.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        for (ImapRequest request : Requests.decode(input.toByteArray(), 0, true)) {
            parse(request, false);
            parse(request, true);
        }
    }

    private static void parse(ImapRequest request, boolean imap4rev2) {
        try {
            ImapReader in = new ImapReader(request, imap4rev2);
            in.tag();
            in.sp();
            String command = in.atom().toUpperCase(Locale.ROOT);
            if (command.equals("UID")) {
                in.sp();
                command = "UID " + in.atom().toUpperCase(Locale.ROOT);
            }
            var parser = CommandParsersTest.PARSERS.get(command);
            if (parser != null) {
                parser.apply(in);
            }
        } catch (ImapSyntaxException | SearchParser.BadCharset expected) {
            // a protocol-correct refusal
        }
    }
}
