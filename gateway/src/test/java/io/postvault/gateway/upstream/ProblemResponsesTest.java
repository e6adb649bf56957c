package io.postvault.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

    private final ProblemResponses problems = new ProblemResponses("protocol-service");

    @Test
    void aProblemDocumentPassesAsItIsWithTheAnswersStatus() {
        UpstreamProblem problem = problems.of(400, "{\"type\":\"https://postvault.io/problems/invalid-input\","
                + "\"title\":\"Invalid input\",\"status\":400,\"detail\":\"password: too short\",\"field\":\"password\"}");
        assertThat(problem.problem().type()).isEqualTo(URI.create("https://postvault.io/problems/invalid-input"));
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().title()).isEqualTo("Invalid input");
        assertThat(problem.problem().detail()).isEqualTo("password: too short");
        assertThat(problem.problem().field()).isEqualTo("password");
        assertThat(problem.serverError()).isFalse();
    }

    @Test
    void anythingElseIsABadGateway() {
        for (String body : new String[] {"", "<html>boom</html>", "{\"message\":\"no\"}", "[1]", "{\"type\":7}",
                "x".repeat(ProblemResponses.MAX_PROBLEM_BYTES + 1)}) {
            UpstreamProblem problem = problems.of(500, body);
            assertThat(problem.problem().status()).as(body).isEqualTo(502);
            assertThat(problem.problem().type()).isEqualTo(URI.create("https://postvault.io/problems/bad-gateway"));
            assertThat(problem.problem().detail())
                    .isEqualTo("protocol-service answered 500 without a problem document");
        }
    }

    @Test
    void onlyGatewayTroubleIsWorthARetry() {
        assertThat(problems.of(503, "{\"type\":\"https://postvault.io/problems/storage-unavailable\"}").worthRetrying())
                .isTrue();
        assertThat(problems.of(500, "{\"type\":\"https://postvault.io/problems/internal-error\"}").worthRetrying())
                .isFalse();
        assertThat(problems.of(404, "{\"type\":\"https://postvault.io/problems/not-found\"}").worthRetrying()).isFalse();
    }
}
