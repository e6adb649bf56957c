package io.postvault.search.reindex;

import static io.postvault.search.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.minio.MinioClient;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.search.support.History;
import io.postvault.search.support.SourcesStub;
import io.postvault.search.support.TempIndexDir;
import io.postvault.search.support.TestKafka;
import io.postvault.search.support.TestMail;
import io.postvault.search.support.TestMail.Account;
import io.postvault.search.support.TestMail.Blob;
import io.postvault.search.support.TestMail.Delivered;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reindex from the owning services (a stub of their internal REST APIs over real HTTP), with events on the real broker
 * meanwhile: the new index holds what the sources hold, searches keep answering from the old index until the swap,
 * and what events changed during the rebuild survives it.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TempIndexDir.class)
@QuarkusTestResource(SourcesStub.class)
class ReindexTest {

    private static final Instant T = Instant.parse("2026-04-01T10:00:00Z");
    private static SourcesStub sources;

    @Inject
    MinioClient minio;
    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void serveSources() {
        sources = SourcesStub.serve();
    }

    @AfterAll
    static void stopSources() {
        sources.stopServer();
    }

    @Test
    void rebuildsFromTheSourcesWhileSearchesAndEventsGoOn() {
        Account alice = Account.fresh();
        Account gone = Account.in(alice.domain()); // deleted from protocol-service; its archive stays
        // What the index knows from events: a live message the sources also hold, one they no longer hold, and one of
        // the deleted account.
        Delivered okapi = TestMail.deliver(minio, alice, TestMail.plain("bob@example.net", alice.address(),
                "Zoo", "The okapi sleeps."), 1, T);
        Delivered stale = TestMail.deliver(minio, alice, TestMail.plain("bob@example.net", alice.address(),
                "Stale", "The tapir left long ago."), 2, T);
        Delivered manatee = TestMail.deliver(minio, gone, TestMail.plain("bob@example.net", gone.address(),
                "Sea", "The manatee swims."), 1, T);
        TestKafka.publish(okapi.event(), stale.event(), manatee.event());
        await().atMost(PATIENCE).until(() -> History.domain(alice.domain(), Map.of()).getInt("total") == 3);

        // What the sources hold: okapi, a sent message the index never heard of, one archive entry each.
        sources.live(alice, "INBOX", 1, okapi.blob(), T);
        sources.live(alice, "Sent", 5, Blob.of(TestMail.plain(alice.address(), "friend@example.org", "Trip",
                "Bring the quokka photos.")), T.plusSeconds(10));
        sources.account(alice);
        UUID wombat = sources.archived(alice, UUID.randomUUID(), Blob.of(TestMail.plain("zoo@example.org",
                alice.address(), "Old news", "A wombat was born.")), T.minusSeconds(86400));
        sources.archived(gone, UUID.randomUUID(), Blob.of(TestMail.plain("zoo@example.org", gone.address(),
                "Older news", "A dugong was seen.")), T.minusSeconds(2 * 86400));

        sources.hold();
        Response started = given().when().post("/internal/admin/reindex");
        started.then().statusCode(202).body("kind", equalTo("reindex"));
        String task = started.path("id");
        assertThat(started.header("Location")).endsWith("/internal/tasks/" + task);
        given().when().post("/internal/admin/reindex").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://postvault.io/problems/task-running"))
                .body("detail", containsString(task));
        await().atMost(PATIENCE).until(() -> "indexing".equals(progress(task).getString("state")));
        assertThat(progress(task).getLong("total")).isEqualTo(4);

        // During the rebuild: the old index answers, and events change it (a delivery, the removal of okapi).
        assertThat(History.subjects(alice.address(), "tapir")).containsExactly("Stale");
        Delivered ibex = TestMail.deliver(minio, alice, TestMail.plain("bob@example.net", alice.address(),
                "New", "An ibex climbed."), 9, T.plusSeconds(20));
        Event removal = TestMail.removed(okapi, T.plusSeconds(30));
        TestKafka.publish(ibex.event(), removal);
        await().atMost(PATIENCE).until(() -> History.subjects(alice.address(), "ibex").size() == 1
                && "archived".equals(History.account(alice.address(), Map.of("q", "okapi"))
                .getString("items[0].status")));
        assertThat(progress(task).getString("state")).isEqualTo("indexing");

        sources.release();
        JsonPath done = await().atMost(PATIENCE).until(() -> progress(task),
                p -> !"indexing".equals(p.getString("state")) && !"swapping".equals(p.getString("state")));
        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(done.getLong("done")).isEqualTo(4);
        assertThat(done.getLong("total")).isEqualTo(4);
        assertThat(done.getDouble("ratePerSecond")).isPositive();
        assertThat(done.getString("finishedAt")).isNotNull();
        assertThat(done.getString("error")).isNull();
        assertThat(done.getString("replica")).isEqualTo("search-service-0");
        // What another replica answers for this task: the final view, as this one published it.
        assertThat(published(task)).contains("\"state\":\"succeeded\"", "\"done\":4",
                "\"replica\":\"search-service-0\"");

        // The new index: what the sources held, plus what the events changed meanwhile.
        assertThat(History.subjects(alice.address(), "tapir")).isEmpty();
        assertThat(History.account(gone.address(), Map.of("q", "manatee")).getInt("total")).isZero();
        JsonPath quokka = History.account(alice.address(), Map.of("q", "quokka"));
        assertThat(quokka.getString("items[0].status")).isEqualTo("live");
        assertThat(quokka.getBoolean("items[0].seen")).as("the flags the source listed").isTrue();
        assertThat(quokka.getString("items[0].direction")).isEqualTo("sent");
        assertThat(quokka.getLong("items[0].link.uid")).isEqualTo(5L);
        JsonPath old = History.account(alice.address(), Map.of("q", "wombat"));
        assertThat(old.getString("items[0].status")).isEqualTo("archived");
        assertThat(old.getString("items[0].link.archiveId")).isEqualTo(wombat.toString());
        assertThat(History.account(gone.address(), Map.of("q", "dugong")).getString("items[0].subject"))
                .isEqualTo("Older news");
        assertThat(History.subjects(alice.address(), "ibex")).containsExactly("New");
        JsonPath removed = History.account(alice.address(), Map.of("q", "okapi"));
        assertThat(removed.getInt("total")).isEqualTo(1);
        assertThat(removed.getString("items[0].status")).isEqualTo("archived");
        assertThat(History.domain(alice.domain(), Map.of()).getInt("total")).isEqualTo(5);

        // An event after the swap lands in the new index.
        TestKafka.publish(TestMail.stored(removal, T.plusSeconds(31)));
        await().atMost(PATIENCE).until(() -> History.account(alice.address(), Map.of("q", "okapi"))
                .getString("items[0].link.archiveId") != null);
    }

    @Test
    void aTaskRunningOnAnotherReplicaIsAnsweredAsThatReplicaPublishedIt() {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO task_progress (id, replica, view, updated_at)"
                                + " VALUES (?1, 'search-service-1', ?2, now())")
                .setParameter(1, id)
                .setParameter(2, "{\"id\":\"" + id + "\",\"kind\":\"reindex\",\"replica\":\"search-service-1\","
                        + "\"state\":\"indexing\",\"done\":7,\"total\":10,\"ratePerSecond\":3.5,\"etaSeconds\":1,"
                        + "\"startedAt\":\"2026-04-01T10:00:00Z\"}")
                .executeUpdate());

        JsonPath task = progress(id.toString());
        assertThat(task.getString("replica")).isEqualTo("search-service-1");
        assertThat(task.getString("state")).isEqualTo("indexing");
        assertThat(task.getLong("done")).isEqualTo(7);
        assertThat(task.getLong("total")).isEqualTo(10);
        assertThat(task.getString("startedAt")).isEqualTo("2026-04-01T10:00:00Z");
    }

    private String published(String task) {
        return (String) QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT view FROM task_progress WHERE id = ?1")
                .setParameter(1, UUID.fromString(task)).getSingleResult());
    }

    @Test
    void anUnknownTaskIsA404Problem() {
        given().when().get("/internal/tasks/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/internal/tasks/{id}", "not-a-task").then().statusCode(404);
    }

    private static JsonPath progress(String task) {
        return given().when().get("/internal/tasks/{id}", task).then().statusCode(200).extract().jsonPath();
    }
}
