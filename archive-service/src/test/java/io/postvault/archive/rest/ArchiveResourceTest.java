package io.postvault.archive.rest;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.Direction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The internal REST API over entries archived through the real broker. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ArchiveResourceTest {

    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");
    private static final String PROBLEM = "application/problem+json";

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;

    /** Five entries of one account, internal dates T+1h .. T+5h; the third is SENT; the fourth from Carol. */
    private record Seeded(Account account, List<UUID> ids, List<Blob> blobs, List<UUID> sourceEvents) {
    }

    private Seeded seed() {
        Account account = Account.fresh();
        List<Event> events = new ArrayList<>();
        List<Blob> blobs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Blob blob = TestMail.store(minio, TestMail.message("Report " + i, UUID.randomUUID() + "\r\n".repeat(i)));
            blobs.add(blob);
            Instant date = T.plusSeconds(3600L * i);
            events.add(TestMail.removed(account, blob, date, date.plusSeconds(60),
                    i == 4 ? "Carol <carol@example.org>" : "Bob <bob@example.net>",
                    i == 2 ? "Quarterly 50% report_final" : "Report " + i, i == 3 ? Direction.SENT : Direction.RECEIVED));
        }
        TestKafka.publish(events.toArray(Event[]::new));
        await().atMost(PATIENCE).until(() -> events.stream().allMatch(e -> db.entryOf(e.id()).isPresent()));
        return new Seeded(account, events.stream().map(e -> db.entryOf(e.id()).orElseThrow()).toList(), blobs,
                events.stream().map(Event::id).toList());
    }

    @Test
    void listsNewestFirstWithCursorPaging() {
        Seeded s = seed();
        String base = "/internal/accounts/" + s.account().address() + "/archive";

        JsonPath first = given().queryParam("limit", 2).get(base).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id")).containsExactly(id(s, 5), id(s, 4));
        JsonPath second = given().queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
                .get(base).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.id")).containsExactly(id(s, 3), id(s, 2));
        JsonPath third = given().queryParam("limit", 2).queryParam("cursor", second.getString("nextCursor"))
                .get(base).then().statusCode(200).extract().jsonPath();
        assertThat(third.getList("items.id")).containsExactly(id(s, 1));
        assertThat(third.getString("nextCursor")).isNull();
    }

    @Test
    void filtersByDatesDirectionFromAndSubject() {
        Seeded s = seed();
        String base = "/internal/accounts/" + s.account().address().toUpperCase() + "/archive";

        assertThat(given().queryParam("after", T.plusSeconds(2 * 3600).toString())
                .queryParam("before", T.plusSeconds(4 * 3600).toString()).get(base)
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id(s, 3), id(s, 2));
        assertThat(given().queryParam("direction", "sent").get(base)
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id(s, 3));
        assertThat(given().queryParam("from", "CAROL@").get(base)
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id(s, 4));
        // LIKE wildcards in the filter are plain characters.
        assertThat(given().queryParam("subject", "50% report_").get(base)
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id(s, 2));
        assertThat(given().queryParam("subject", "%").get(base)
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id(s, 2));
    }

    @Test
    void metadataAndRawBytes() {
        Seeded s = seed();
        String entry = "/internal/accounts/" + s.account().address() + "/archive/" + id(s, 3);

        given().get(entry).then().statusCode(200)
                .body("id", equalTo(id(s, 3)))
                .body("address", equalTo(s.account().address()))
                .body("accountId", equalTo(s.account().id()))
                .body("direction", equalTo("SENT"))
                .body("originFolder", equalTo("Sent"))
                .body("reason", equalTo("POP3_DELETE"))
                .body("internalDate", equalTo(T.plusSeconds(3 * 3600).toString()))
                .body("size", equalTo(s.blobs().get(2).bytes().length))
                .body("subject", equalTo("Report 3"))
                .body("cc", nullValue())
                .body("blobId", equalTo(s.blobs().get(2).id()))
                .body("sourceEventId", equalTo(s.sourceEvents().get(2).toString()));

        var raw = given().get(entry + "/raw").then().statusCode(200)
                .contentType("message/rfc822")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + id(s, 3) + ".eml\""))
                .extract();
        assertThat(raw.asByteArray()).isEqualTo(s.blobs().get(2).bytes());
    }

    @Test
    void deleteRemovesTheEntryAndEmitsArchiveDeleted() {
        Seeded s = seed();
        String entry = "/internal/accounts/" + s.account().address() + "/archive/" + id(s, 1);

        given().delete(entry).then().statusCode(204);

        given().get(entry).then().statusCode(404).contentType(PROBLEM);
        given().delete(entry).then().statusCode(404).contentType(PROBLEM);
        assertThat(db.refs(s.blobs().get(0).id())).isEqualTo(-1);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, s.blobs().get(0).id())).isFalse();
        UUID deletedId = UUID.fromString(id(s, 1));
        TestKafka.readEventsUntil(Topics.ARCHIVE, events -> events.stream().anyMatch(e ->
                e.data() instanceof ArchiveDeleted d && d.archiveId().equals(deletedId)
                        && e.account().equals(s.account().id())));
    }

    @Test
    void totalsPerAccountAndDomain() {
        Seeded s = seed();
        Account other = Account.in(s.account().domain());
        Blob blob = TestMail.store(minio, TestMail.message("other", UUID.randomUUID().toString()));
        Event removal = TestMail.removed(other, blob, T, T);
        TestKafka.publish(removal);
        await().atMost(PATIENCE).until(() -> db.entryOf(removal.id()).isPresent());
        int accountBytes = s.blobs().stream().mapToInt(b -> b.bytes().length).sum();

        given().get("/internal/accounts/" + s.account().address() + "/archive/totals").then().statusCode(200)
                .body("bytes", equalTo(accountBytes)).body("count", equalTo(5));
        given().get("/internal/domains/" + s.account().domain() + "/archive/totals").then().statusCode(200)
                .body("bytes", equalTo(accountBytes + blob.bytes().length)).body("count", equalTo(6));
        given().get("/internal/domains/nothing-here.test/archive/totals").then().statusCode(200)
                .body("bytes", equalTo(0)).body("count", equalTo(0));
    }

    @Test
    void errorsAreProblems() {
        String base = "/internal/accounts/nobody@example.com/archive";
        given().get(base + "/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://postvault.io/problems/not-found"))
                .body("status", equalTo(404));
        given().get(base + "/not-a-uuid/raw").then().statusCode(404).contentType(PROBLEM);
        given().queryParam("direction", "SIDEWAYS").get(base).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://postvault.io/problems/invalid-parameter"))
                .body("detail", containsString("direction"));
        given().queryParam("after", "yesterday").get(base).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("after"));
        given().queryParam("limit", "0").get(base).then().statusCode(400).contentType(PROBLEM);
        given().queryParam("cursor", "bm90LWEtY3Vyc29y").get(base).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("cursor"));
        given().get("/internal/no-such-path").then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no such resource"));
    }

    private static String id(Seeded s, int n) {
        return s.ids().get(n - 1).toString();
    }
}
