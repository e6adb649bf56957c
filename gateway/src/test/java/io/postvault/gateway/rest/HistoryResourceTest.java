package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message history through the gateway, against the search-service stub (UpstreamStubs). */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class HistoryResourceTest {

    static final String PROBLEMS = "https://postvault.io/problems/";

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    private static String postmaster;
    private static String alice;

    @BeforeEach
    void tokens() {
        if (postmaster == null) {
            postmaster = Callers.domainAdmin("history.example");
            alice = Callers.user("alice@history.example");
        }
    }

    @Test
    void aDomainSearchPassesEveryFilterInSearchServicesSpelling() {
        as(postmaster)
                .queryParam("q", "invoice").queryParam("from", "bob").queryParam("to", "alice")
                .queryParam("after", "2026-01-01T00:00:00Z").queryParam("before", "2026-12-01T00:00:00Z")
                .queryParam("direction", "RECEIVED").queryParam("status", "Archived").queryParam("folder", "INBOX")
                .queryParam("hasAttachment", "TRUE").queryParam("seen", "False").queryParam("flagged", "TRUE")
                .queryParam("sort", "relevance").queryParam("limit", "20")
                .queryParam("cursor", "abc")
                .when().get("/api/v1/domains/history.example/history").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("nextCursor", equalTo("c2Vjb25k"))
                .body("items[0].subject", equalTo("Quarterly invoice"))
                .body("items[0].snippets", contains("the <b>invoice</b> for Q3"))
                .body("items[0].seen", equalTo(null))
                .body("items[0].link.kind", equalTo("archive"))
                .body("items[0].link.archiveId", equalTo(UpstreamStubs.ENTRY_ID));
        assertThat(StubHits.of(stub, "/internal/domains/history.example/history").query().split("&"))
                .containsExactlyInAnyOrder("q=invoice", "from=bob", "to=alice", "after=2026-01-01T00:00:00Z",
                        "before=2026-12-01T00:00:00Z", "direction=received", "status=archived", "folder=INBOX",
                        "hasAttachment=true", "seen=false", "flagged=true", "sort=relevance", "limit=20",
                        "cursor=abc");
        as(alice).when().get("/api/v1/domains/history.example/history").then().statusCode(403);
    }

    @Test
    void anAccountSearchByItsUserLeavesAbsentFiltersOut() {
        as(alice).when().get("/api/v1/accounts/Alice@History.Example/history").then()
                .statusCode(200).body("items[0].address", equalTo("alice@history.example"));
        assertThat(StubHits.of(stub, "/internal/accounts/alice@history.example/history").query()).isEmpty();
        as(postmaster).when().get("/api/v1/accounts/alice@history.example/history").then().statusCode(200);
    }

    @Test
    void invalidFiltersAre400WithTheField() {
        for (String[] bad : new String[][] {{"after", "yesterday"}, {"before", "2026-13-01"}, {"direction", "up"},
                {"status", "gone"}, {"hasAttachment", "maybe"}, {"seen", "maybe"}, {"flagged", "1"}, {"sort", "size"}, {"limit", "201"}, {"limit", "0"},
                {"q", "x".repeat(999)}, {"cursor", "a b"}}) {
            as(postmaster).queryParam(bad[0], bad[1]).when().get("/api/v1/domains/history.example/history").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo(bad[0]));
        }
    }

    @Test
    void searchServiceProblemsArePassedOn() {
        as(postmaster).queryParam("cursor", "bogus").when().get("/api/v1/domains/history.example/history").then()
                .statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"))
                .body("detail", equalTo("cursor: not a cursor of this index"));
        Callers.admin().when().get("/api/v1/domains/down.example/history").then().statusCode(503)
                .header("Retry-After", equalTo("5"));
    }
}
