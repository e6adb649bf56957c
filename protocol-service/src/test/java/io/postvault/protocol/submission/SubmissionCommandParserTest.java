package io.postvault.protocol.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.protocol.lmtp.LmtpCommand;
import io.postvault.protocol.lmtp.LmtpSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each command line and what it parses to, or the reply its syntax error gets. */
class SubmissionCommandParserTest {

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("EHLO client.test", new SubmissionCommand.Hello("client.test", true)),
                Arguments.of("ehlo [127.0.0.1]", new SubmissionCommand.Hello("[127.0.0.1]", true)),
                Arguments.of("HELO client.test", new SubmissionCommand.Hello("client.test", false)),
                Arguments.of("STARTTLS", new SubmissionCommand.StartTls()),
                Arguments.of("AUTH plain", new SubmissionCommand.Auth("PLAIN", null)),
                Arguments.of("AUTH PLAIN AGFsaWNlAHNlY3JldA==", new SubmissionCommand.Auth("PLAIN", "AGFsaWNlAHNlY3JldA==")),
                Arguments.of("AUTH LOGIN =", new SubmissionCommand.Auth("LOGIN", "=")),
                Arguments.of("BDAT 0 LAST", new SubmissionCommand.Bdat(0, true)),
                Arguments.of("BDAT 1024", new SubmissionCommand.Bdat(1024, false)),
                Arguments.of("bdat 12 last", new SubmissionCommand.Bdat(12, true)),
                Arguments.of("MAIL FROM:<a@b.test> AUTH=<> SIZE=10", shared(new LmtpCommand.MailFrom("a@b.test", 10, false, false))),
                Arguments.of("MAIL FROM:<a@b.test> auth=a+40b.test BODY=8BITMIME SMTPUTF8",
                        shared(new LmtpCommand.MailFrom("a@b.test", -1, true, true))),
                Arguments.of("RCPT TO:<c@d.test>", shared(new LmtpCommand.RcptTo("c@d.test"))),
                Arguments.of("DATA", shared(new LmtpCommand.Data())),
                Arguments.of("QUIT", shared(new LmtpCommand.Quit())),
                Arguments.of("LHLO client.test", shared(new LmtpCommand.Unknown("LHLO"))),
                Arguments.of("HELP", shared(new LmtpCommand.Unknown("HELP"))));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("EHLO", "501 5.5.4 Syntax: EHLO hostname"),
                Arguments.of("HELO a b", "501 5.5.4 Syntax: HELO hostname"),
                Arguments.of("STARTTLS x", "501 5.5.4 No parameters allowed"),
                Arguments.of("AUTH", "501 5.5.4 Syntax: AUTH mechanism [initial-response]"),
                Arguments.of("AUTH PLAIN a b", "501 5.5.4 Syntax: AUTH mechanism [initial-response]"),
                Arguments.of("BDAT", "501 5.5.4 Syntax: BDAT size [LAST]"),
                Arguments.of("BDAT -1", "501 5.5.4 Syntax: BDAT size [LAST]"),
                Arguments.of("BDAT +5", "501 5.5.4 Syntax: BDAT size [LAST]"),
                Arguments.of("BDAT 5 NOW", "501 5.5.4 Syntax: BDAT size [LAST]"),
                Arguments.of("BDAT 99999999999999999999", "501 5.5.4 Syntax: BDAT size [LAST]"),
                Arguments.of("MAIL FROM:<a@b.test> RET=FULL", "555 5.5.4 Unsupported parameter RET=FULL"),
                Arguments.of("MAIL FROM:a@b.test", "501 5.5.4 Syntax: MAIL FROM:<address>"),
                Arguments.of("RCPT TO:<nobody>", "501 5.5.4 Syntax: RCPT TO:<address>"));
    }

    private static SubmissionCommand shared(LmtpCommand command) {
        return new SubmissionCommand.Shared(command);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void parses(String line, SubmissionCommand expected) throws LmtpSyntaxException {
        assertThat(SubmissionCommandParser.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refuses(String line, String reply) {
        assertThatThrownBy(() -> SubmissionCommandParser.parse(line)).isInstanceOf(LmtpSyntaxException.class)
                .extracting(e -> ((LmtpSyntaxException) e).reply()).isEqualTo(reply);
    }
}
