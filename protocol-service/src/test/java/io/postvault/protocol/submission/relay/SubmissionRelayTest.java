package io.postvault.protocol.submission.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionRelayTest {

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        Duration initial = Duration.ofMinutes(1);
        Duration max = Duration.ofHours(1);
        assertThat(SubmissionRelay.backoff(1, initial, max)).isEqualTo(Duration.ofMinutes(1));
        assertThat(SubmissionRelay.backoff(2, initial, max)).isEqualTo(Duration.ofMinutes(2));
        assertThat(SubmissionRelay.backoff(6, initial, max)).isEqualTo(Duration.ofMinutes(32));
        assertThat(SubmissionRelay.backoff(7, initial, max)).isEqualTo(max);
        assertThat(SubmissionRelay.backoff(10_000, initial, max)).isEqualTo(max);
    }

    @Test
    void aResultTellsWhatIsLeftAndWhetherAnyoneGotTheMessage() {
        List<String> rcpts = List.of("a@x.test", "b@x.test");
        assertThat(RelayResult.relayed("250 ok").finished()).isTrue();
        assertThat(RelayResult.relayed("250 ok").acceptedAny(rcpts)).isTrue();
        RelayResult down = RelayResult.temporaryFailure(rcpts, "connection refused");
        assertThat(down.finished()).isFalse();
        assertThat(down.acceptedAny(rcpts)).isFalse();
        RelayResult refused = RelayResult.permanentFailure(rcpts, "550");
        assertThat(refused.finished()).isTrue();
        assertThat(refused.acceptedAny(rcpts)).isFalse();
        RelayResult partial = new RelayResult(List.of(), List.of("b@x.test"), "550 b");
        assertThat(partial.finished()).isTrue();
        assertThat(partial.acceptedAny(rcpts)).isTrue();
    }
}
