package io.postvault.protocol.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.protocol.fake.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner itself: the wildcard, and that a wrong expectation fails the script. */
class TranscriptRunnerTest {

    @Test
    void wildcardMatchesAnyRunOfCharactersAndNothingElseIsSpecial() {
        assertThat(TranscriptRunner.matches("+OK {*} ready", "+OK host PostVault ready")).isTrue();
        assertThat(TranscriptRunner.matches("+OK {*}", "+OK ")).isTrue();
        assertThat(TranscriptRunner.matches("1 .*", "1 abc")).isFalse();
        assertThat(TranscriptRunner.matches("+OK", "+OK more")).isFalse();
    }

    @Test
    void capturesKeepNonSpaceRuns() {
        assertThat(TranscriptRunner.match("* OK [UIDVALIDITY {=uv}] {*}", "* OK [UIDVALIDITY 42] UIDs valid"))
                .isEqualTo(Map.of("uv", "42"));
        assertThat(TranscriptRunner.match("* OK [UIDVALIDITY {=uv}]", "* OK [UIDVALIDITY 4 2]")).isNull();
    }

    @Test
    void aWrongExpectationFails() {
        try (TestServers servers = new TestServers(Map.of())) {
            TranscriptRunner runner = new TranscriptRunner(servers.store, name -> servers.pop3.port());
            assertThatThrownBy(() -> runner.run(List.of("!connect pop3", "S: +OK {*}", "C: NOOP", "S: +OK")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("-ERR Command not valid in this state");
        }
    }
}
