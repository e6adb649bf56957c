package io.postvault.archive.messaging;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A removal whose blob is missing goes to postvault.dlq.archive; the operator lists it and retries it. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DeadLetterTest {

    private static final Instant T = Instant.parse("2026-04-01T08:00:00Z");

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;

    @Test
    void missingBlobGoesToTheDeadLetterTopicAndIsArchivedWhenRetriedAfterTheBlobAppears() {
        Account account = Account.fresh();
        Blob absent = TestMail.message("Not yet", UUID.randomUUID().toString());
        Blob present = TestMail.store(minio, TestMail.message("Fine", UUID.randomUUID().toString()));
        Event orphan = TestMail.removed(account, absent, T, T);
        Event next = TestMail.removed(account, present, T, T.plusSeconds(1));

        // Same account, same partition: the consumer must get past the dead letter to archive the next one.
        TestKafka.publish(orphan, next);

        await().atMost(PATIENCE).until(() -> db.entryOf(next.id()).isPresent());
        assertThat(db.entryOf(orphan.id())).isEmpty();
        assertThat(db.processed(orphan.id())).isFalse();
        ConsumerRecord<String, byte[]> dead = TestKafka.readUntil(Topics.deadLetter("archive"),
                        records -> records.stream().anyMatch(r -> Arrays.equals(r.value(), EventCodec.encode(orphan))))
                .stream().filter(r -> Arrays.equals(r.value(), EventCodec.encode(orphan))).findFirst().orElseThrow();
        assertThat(TestKafka.header(dead, "dead-letter-reason"))
                .isEqualTo("blob " + absent.id() + " is missing from bucket postvault-blobs");
        assertThat(TestKafka.header(dead, "dead-letter-topic")).isEqualTo(Topics.MAIL);
        assertThat(dead.key()).isEqualTo(account.id());

        String id = dead.partition() + "-" + dead.offset();
        Map<String, Object> listed = deadLetter(id);
        assertThat(listed).containsEntry("originTopic", Topics.MAIL)
                .containsEntry("eventId", orphan.id().toString())
                .containsEntry("eventType", "message.removed")
                .containsEntry("reason", "blob " + absent.id() + " is missing from bucket postvault-blobs")
                .containsEntry("retriedAt", null);

        TestMail.store(minio, absent);
        given().post("/internal/dead-letters/{id}/retry", id)
                .then().statusCode(200).body("id", equalTo(id)).body("eventId", equalTo(orphan.id().toString()));

        await().atMost(PATIENCE).until(() -> db.entryOf(orphan.id()).isPresent());
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, absent.id())).isTrue();
        assertThat(deadLetter(id).get("retriedAt")).isNotNull();
    }

    @Test
    void unknownDeadLetterIsAProblem() {
        given().post("/internal/dead-letters/0-999999999/retry")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://postvault.io/problems/not-found"))
                .body("detail", containsString("0-999999999"));
        given().post("/internal/dead-letters/nonsense/retry")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static Map<String, Object> deadLetter(String id) {
        JsonPath body = given().get("/internal/dead-letters").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = body.getList("items");
        return items.stream().filter(i -> id.equals(i.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("dead letter " + id + " not listed"));
    }
}
