package io.postvault.archive.rest;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.StubLiveStore;
import io.postvault.archive.support.StubLiveStore.Live;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.data.Direction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The backup endpoint over real archive entries (PostgreSQL, S3) and the live messages of a stand-in protocol-service,
 * listed two per page so that paging is crossed. The real protocol-service, unzip and Python's zipfile are in e2e's
 * ArchiveStoriesIT; 20,000 messages with a capped heap in the bench module.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(StubLiveStore.class)
class BackupTest {

    private static final Instant T = Instant.parse("2025-06-01T08:00:00Z");

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;
    @Inject
    ObjectMapper json;

    @Test
    void oneZipOfLiveAndArchivedMessagesByteForByte() throws IOException {
        Account account = Account.fresh();
        byte[] inbox1 = TestMail.message("live 1", "one").bytes();
        byte[] inbox2 = TestMail.message("live 2", "two").bytes();
        byte[] nested = TestMail.message("live 3", "three").bytes();
        StubLiveStore.account(account.address(), "INBOX", "Work/2025")
                .add(new Live("INBOX", 1, inbox1, T, List.of("\\Seen")))
                .add(new Live("INBOX", 2, inbox2, T, List.of()))
                .add(new Live("Work/2025", 1, nested, T, List.of("\\Flagged", "$Label1")));
        Blob received = TestMail.store(minio, TestMail.message("archived in", "four"));
        Blob sent = TestMail.store(minio, TestMail.message("archived out", "five"));
        Event removed = TestMail.removed(account, received, T.minusSeconds(86400 * 400), T);
        Event removedSent = TestMail.removed(account, sent, T, T, "me", "out", Direction.SENT);
        TestKafka.publish(removed, removedSent);
        await().atMost(PATIENCE).until(() -> db.entryOf(removed.id()).isPresent()
                && db.entryOf(removedSent.id()).isPresent());
        UUID receivedId = db.entryOf(removed.id()).orElseThrow();
        UUID sentId = db.entryOf(removedSent.id()).orElseThrow();

        var response = given().get("/internal/accounts/" + account.address().toUpperCase() + "/backup").then()
                .statusCode(200).contentType("application/zip")
                .header("Content-Disposition", matchesPattern(
                        "attachment; filename=\"backup-" + account.address() + "-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z\\.zip\""))
                .extract();
        Map<String, byte[]> zip = unzip(response.asByteArray());

        assertThat(zip.keySet()).containsExactly("INBOX/1.eml", "INBOX/2.eml", "Work/2025/1.eml",
                "Archives/Received/2024/" + receivedId + ".eml", "Archives/Sent/2025/" + sentId + ".eml",
                "manifest.json");
        assertThat(zip.get("INBOX/1.eml")).isEqualTo(inbox1);
        assertThat(zip.get("INBOX/2.eml")).isEqualTo(inbox2);
        assertThat(zip.get("Work/2025/1.eml")).isEqualTo(nested);
        assertThat(zip.get("Archives/Received/2024/" + receivedId + ".eml")).isEqualTo(received.bytes());
        assertThat(zip.get("Archives/Sent/2025/" + sentId + ".eml")).isEqualTo(sent.bytes());
        JsonNode manifest = json.readTree(zip.get("manifest.json"));
        assertThat(manifest.get("account").asText()).isEqualTo(account.address());
        assertThat(manifest.get("count").asInt()).isEqualTo(5);
        JsonNode work = manifest.get("messages").get(2);
        assertThat(work.get("folder").asText()).isEqualTo("Work/2025");
        assertThat(work.get("flags").toString()).isEqualTo("[\"\\\\Flagged\",\"$Label1\"]");
        assertThat(work.get("sha256").asText()).isEqualTo(TestMail.blob(nested).id());
        JsonNode archived = manifest.get("messages").get(3);
        assertThat(archived.get("archiveId").asText()).isEqualTo(receivedId.toString());
        assertThat(archived.get("sha256").asText()).isEqualTo(received.id());
        assertThat(archived.get("direction").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void anAccountDeletedSinceStillHasItsArchiveBackedUp() throws IOException {
        Account gone = Account.fresh();
        Blob blob = TestMail.store(minio, TestMail.message("left behind", UUID.randomUUID().toString()));
        Event removal = TestMail.removed(gone, blob, T, T);
        TestKafka.publish(removal);
        await().atMost(PATIENCE).until(() -> db.entryOf(removal.id()).isPresent());

        byte[] body = given().get("/internal/accounts/" + gone.address() + "/backup").then().statusCode(200)
                .extract().asByteArray();
        Map<String, byte[]> zip = unzip(body);
        assertThat(zip.keySet()).containsExactly(
                "Archives/Received/2025/" + db.entryOf(removal.id()).orElseThrow() + ".eml", "manifest.json");
    }

    @Test
    void anAccountNobodyKnowsIsA404BeforeAnyByte() {
        given().get("/internal/accounts/nobody-" + UUID.randomUUID() + "@example.com/backup").then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://postvault.io/problems/not-found"));
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
