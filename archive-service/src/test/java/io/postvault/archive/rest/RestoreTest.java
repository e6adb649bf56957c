package io.postvault.archive.rest;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.StubLiveStore;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveRestored;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Restore, the archive side: the entry's bytes go to protocol-service's append unchanged, with the entry id as
 * Idempotency-Key, and the entry leaves the archive only once the append succeeded. protocol-service is the stub here
 * (it cannot run inside this JVM); the real one is in e2e's ArchiveStoriesIT.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(StubLiveStore.class)
class RestoreTest {

    private static final Instant DATE = Instant.parse("2026-03-14T15:09:26Z");
    private static final String PROBLEM = "application/problem+json";

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;

    private record Archived(Account account, UUID id, Blob blob) {
        String path() {
            return "/internal/accounts/" + account.address() + "/archive/" + id;
        }
    }

    private Archived archiveOne() {
        Account account = Account.fresh();
        Blob blob = TestMail.store(minio, TestMail.message("Restore me", "Bytes\r\n\r\n..kept as they are.\r\n"));
        Event removal = TestMail.removed(account, blob, DATE, DATE.plusSeconds(3600));
        TestKafka.publish(removal);
        await().atMost(PATIENCE).until(() -> db.entryOf(removal.id()).isPresent());
        return new Archived(account, db.entryOf(removal.id()).orElseThrow(), blob);
    }

    @Test
    void restorePutsTheSameBytesIntoRestoredThenTheEntryLeavesTheArchive() {
        Archived a = archiveOne();
        StubLiveStore.account(a.account().address(), "INBOX", "Restored");

        given().contentType("application/json").body("{}").post(a.path() + "/restore").then().statusCode(200)
                .body("archiveId", equalTo(a.id().toString()))
                .body("folder", equalTo("Restored"))
                .body("uid", equalTo(100))
                .body("blobId", equalTo(a.blob().id()))
                .body("size", equalTo(a.blob().bytes().length));

        List<StubLiveStore.AppendRequest> appends = StubLiveStore.appendsTo(a.account().address());
        assertThat(appends).hasSize(1);
        assertThat(appends.get(0).body()).as("byte for byte").isEqualTo(a.blob().bytes());
        assertThat(appends.get(0).idempotencyKey()).isEqualTo(a.id().toString());
        assertThat(appends.get(0).folder()).isEqualTo("Restored");
        assertThat(appends.get(0).internalDate()).isEqualTo(DATE.toString());

        given().get(a.path()).then().statusCode(404).contentType(PROBLEM);
        assertThat(db.refs(a.blob().id())).as("the last reference went with the entry").isEqualTo(-1);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, a.blob().id())).isFalse();
        List<Event> events = TestKafka.readEventsUntil(Topics.ARCHIVE, all -> all.stream().filter(e -> about(e, a))
                .count() == 2);
        Event restored = events.stream().filter(e -> e.type() == EventType.ARCHIVE_RESTORED && about(e, a))
                .findFirst().orElseThrow();
        assertThat(restored.data()).isEqualTo(new ArchiveRestored(a.id(), a.account().address(), "Restored",
                a.blob().id(), a.blob().bytes().length));
        assertThat(restored.account()).isEqualTo(a.account().id());
        assertThat(events.stream().filter(e -> e.type() == EventType.ARCHIVE_DELETED && about(e, a))).hasSize(1);
    }

    @Test
    void anotherFolderWhenTheRequestNamesOneAndNoBodyMeansTheDefault() {
        Archived named = archiveOne();
        StubLiveStore.account(named.account().address(), "INBOX", "Projects/2026");
        given().contentType("application/json").body("{\"folder\":\"Projects/2026\"}").post(named.path() + "/restore")
                .then().statusCode(200).body("folder", equalTo("Projects/2026"));

        Archived unnamed = archiveOne();
        StubLiveStore.account(unnamed.account().address(), "Restored");
        given().post(unnamed.path() + "/restore").then().statusCode(200).body("folder", equalTo("Restored"));
    }

    @Test
    void concurrentRestoresOfOneEntryAppendWithOneKeyAndAnnounceOnce() {
        Archived a = archiveOne();
        StubLiveStore.StubAccount mailbox = StubLiveStore.account(a.account().address(), "Restored");

        List<CompletableFuture<Integer>> calls = List.of(1, 2, 3).stream().map(i -> CompletableFuture.supplyAsync(
                () -> given().post(a.path() + "/restore").then().extract().statusCode())).toList();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).contains(200).allMatch(s -> s == 200 || s == 404);
        assertThat(StubLiveStore.appendsTo(a.account().address())).isNotEmpty()
                .allMatch(r -> r.idempotencyKey().equals(a.id().toString()));
        assertThat(mailbox.messages).as("one message in the mailbox").hasSize(1);
        List<Event> events = TestKafka.readEventsUntil(Topics.ARCHIVE, all -> all.stream().anyMatch(
                e -> e.type() == EventType.ARCHIVE_DELETED && about(e, a)));
        assertThat(events.stream().filter(e -> about(e, a))).as("one restored, one deleted").hasSize(2);
    }

    @Test
    void refusalsOfProtocolServiceComeBackAndTheEntryStays() {
        Archived a = archiveOne();
        StubLiveStore.account(a.account().address(), "INBOX").full();

        given().post(a.path() + "/restore").then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://postvault.io/problems/not-found"))
                .body("detail", equalTo("no folder Restored"));
        given().contentType("application/json").body("{\"folder\":\"INBOX\"}").post(a.path() + "/restore").then()
                .statusCode(507).contentType(PROBLEM)
                .body("type", equalTo("https://postvault.io/problems/over-quota"));
        given().contentType("application/json").body("{\"folder\":\"  \"}").post(a.path() + "/restore").then()
                .statusCode(400).contentType(PROBLEM);

        given().get(a.path()).then().statusCode(200);
        assertThat(db.refs(a.blob().id())).isEqualTo(1);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, a.blob().id())).isTrue();
    }

    @Test
    void unknownAccountOrEntry() {
        Archived a = archiveOne();
        // protocol-service knows no such account (deleted since): its 404, and the entry stays.
        given().post(a.path() + "/restore").then().statusCode(404).contentType(PROBLEM);
        given().get(a.path()).then().statusCode(200);
        given().post("/internal/accounts/" + a.account().address() + "/archive/" + UUID.randomUUID() + "/restore")
                .then().statusCode(404).contentType(PROBLEM);
    }

    private static boolean about(Event e, Archived a) {
        return e.data() instanceof ArchiveRestored r && r.archiveId().equals(a.id())
                || e.data() instanceof ArchiveDeleted d && d.archiveId().equals(a.id());
    }
}
