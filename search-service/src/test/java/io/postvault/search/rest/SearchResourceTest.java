package io.postvault.search.rest;

import static io.postvault.search.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.minio.MinioClient;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.search.support.History;
import io.postvault.search.support.TempIndexDir;
import io.postvault.search.support.TestKafka;
import io.postvault.search.support.TestMail;
import io.postvault.search.support.TestMail.Account;
import io.postvault.search.support.TestMail.Delivered;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history search API over messages indexed from real events. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TempIndexDir.class)
class SearchResourceTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    MinioClient minio;

    @Test
    void aDomainSearchNeverReturnsAnotherDomainsMessages() {
        Account alice = Account.fresh();
        Account bob = Account.in(alice.domain());
        Account mallory = Account.fresh();
        String word = "gazebo";
        TestKafka.publish(
                TestMail.deliver(minio, alice, TestMail.plain("x@example.com", alice.address(), "a", word), 1, T)
                        .event(),
                TestMail.deliver(minio, bob, TestMail.plain("x@example.com", bob.address(), "b", word), 1, T)
                        .event(),
                // Addressed to the first domain, but delivered to the other one: it is the other domain's message.
                TestMail.deliver(minio, mallory, TestMail.plain("x@example.com", alice.address(), "m", word), 1, T)
                        .event());
        await().atMost(PATIENCE).until(() -> History.domain(mallory.domain(), Map.of("q", word)).getInt("total") == 1);
        await().atMost(PATIENCE).until(() -> History.domain(alice.domain(), Map.of("q", word)).getInt("total") == 2);

        JsonPath domain = History.domain(alice.domain(), Map.of("q", word));
        assertThat(domain.getList("items.domain", String.class)).containsOnly(alice.domain());
        assertThat(domain.getList("items.subject", String.class)).containsExactlyInAnyOrder("a", "b");
        assertThat(History.domain(alice.domain().toUpperCase(), Map.of("q", "domain:" + mallory.domain()))
                .getInt("total")).isZero();
        assertThat(History.account(alice.address(), Map.of("q", word)).getList("items.subject"))
                .containsExactly("a");
        // A field prefix in the query cannot widen the scope: the scope is a filter the query cannot remove.
        assertThat(History.domain(alice.domain(), Map.of("q", word + " OR address:" + mallory.address()))
                .getList("items.domain", String.class)).containsOnly(alice.domain());
    }

    @Test
    void filtersSortAndCursorPaging() {
        Account account = Account.fresh();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(TestMail.deliver(minio, account, TestMail.plain("Sender <s" + i + "@example.org>",
                    account.address(), "page " + i, "iguana " + "iguana ".repeat(i)), 100 + i, T.plusSeconds(i * 86400L))
                    .event());
        }
        Delivered sent = TestMail.deliverTo(minio, account, "Sent", TestMail.plain(account.address(),
                "friend@other.example", "sent one", "iguana"), 1, T.plusSeconds(10 * 86400L));
        Delivered attached = TestMail.deliver(minio, account, "From: s9@elsewhere.example\nTo: " + account.address()
                + "\nCc: boss@corp.example\nSubject: with file\nMIME-Version: 1.0\nContent-Type: multipart/mixed;"
                + " boundary=B\n\n--B\nContent-Type: text/plain\n\nsee file\n--B\nContent-Type: application/pdf\n"
                + "Content-Disposition: attachment; filename=\"budget.pdf\"\n\nxx\n--B--\n", 200, T.minusSeconds(86400));
        events.add(sent.event());
        events.add(attached.event());
        TestKafka.publish(events.toArray(Event[]::new));
        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of()).getInt("total") == 7);

        // Date order, newest first, over pages of two.
        List<String> subjects = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> params = new HashMap<>(Map.of("q", "iguana", "limit", 2));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath page = History.account(account.address(), params);
            assertThat(page.getInt("total")).isEqualTo(6);
            subjects.addAll(page.getList("items.subject"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(subjects).containsExactly("sent one", "page 4", "page 3", "page 2", "page 1", "page 0");

        // Relevance: the body with the word most often first.
        JsonPath relevant = History.account(account.address(), Map.of("q", "iguana", "sort", "relevance",
                "direction", "received"));
        assertThat(relevant.getString("items[0].subject")).isEqualTo("page 4");
        assertThat(relevant.getFloat("items[0].score")).isPositive();

        assertThat(subjects(account, Map.of("direction", "sent"))).containsExactly("sent one");
        assertThat(subjects(account, Map.of("folder", "Sent"))).containsExactly("sent one");
        assertThat(subjects(account, Map.of("from", "s2@example.org"))).containsExactly("page 2");
        assertThat(subjects(account, Map.of("from", "EXAMPLE.ORG"))).hasSize(5);
        assertThat(subjects(account, Map.of("to", "corp.example"))).containsExactly("with file");
        assertThat(subjects(account, Map.of("to", "friend@other.example"))).containsExactly("sent one");
        assertThat(subjects(account, Map.of("hasAttachment", "true"))).containsExactly("with file");
        assertThat(subjects(account, Map.of("q", "attachment:budget"))).containsExactly("with file");
        assertThat(subjects(account, Map.of("status", "archived"))).isEmpty();
        assertThat(subjects(account, Map.of("after", T.plusSeconds(86400).toString(),
                "before", T.plusSeconds(3 * 86400).toString()))).containsExactly("page 2", "page 1");
        assertThat(subjects(account, Map.of("q", "from:s3@example.org"))).containsExactly("page 3");
        assertThat(subjects(account, Map.of("q", "subject:\"page 3\""))).containsExactly("page 3");
    }

    private static List<String> subjects(Account account, Map<String, ?> params) {
        return History.account(account.address(), params).getList("items.subject");
    }

    @Test
    void aBadQueryIsA400ProblemWithItsPosition() {
        given().queryParam("q", "hello AND (world").when().get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://postvault.io/problems/invalid-query"))
                .body("status", equalTo(400))
                .body("detail", containsString("cannot parse"))
                .body("column", notNullValue());
        given().queryParam("q", "subject:\"unclosed").when().get("/internal/domains/{d}/history", "y.test")
                .then().statusCode(400).body("column", notNullValue());
        given().queryParam("q", "x").queryParam("cursor", "garbage!").when()
                .get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400).body("type", equalTo("https://postvault.io/problems/invalid-parameter"));
        given().queryParam("limit", 0).when().get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400).body("detail", containsString("limit"));
        given().queryParam("after", "yesterday").when().get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400).body("detail", containsString("after"));
        given().queryParam("status", "evicted").when().get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400).body("detail", containsString("status"));
        given().queryParam("seen", "maybe").when().get("/internal/accounts/{a}/history", "x@y.test")
                .then().statusCode(400).body("detail", containsString("seen"));
        given().queryParam("flagged", "yes").when().get("/internal/domains/{d}/history", "y.test")
                .then().statusCode(400).body("detail", containsString("flagged"));
    }
}
