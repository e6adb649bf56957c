package io.postvault.protocol.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.NewMessage;
import io.postvault.protocol.support.MailTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class LiveMessageResourceTest {

    private static final String RFC822 = "message/rfc822";

    private static String newAccount(Long quotaBytes) {
        String domain = "live-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        given().contentType(ContentType.JSON).body(Map.of("name", domain, "quotaBytes", 1_000_000_000L)).post("/internal/domains").then()
                .statusCode(201);
        Map<String, Object> account = new java.util.HashMap<>(Map.of("localPart", "ann", "password", "a long secret",
                "kind", "PERSONAL"));
        if (quotaBytes != null) {
            account.put("quotaBytes", quotaBytes);
        }
        given().contentType(ContentType.JSON).body(account).post("/internal/domains/" + domain + "/accounts").then()
                .statusCode(201);
        return "ann@" + domain;
    }

    private static byte[] message(String subject) {
        return ("From: Bob <bob@example.net>\r\nTo: ann@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.net>\r\n\r\nBody of " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static RequestSpecification rfc822(byte[] body) {
        return given().contentType(RFC822).body(body);
    }

    private static void problem(ValidatableResponse response, int status, String type, String detail) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("detail", containsString(detail))
                .body(not(containsString("Exception")));
    }

    @Test
    void appendListAndReadBackByteIdenticalOncePerIdempotencyKey() {
        String address = newAccount(null);
        byte[] original = message("Restored from the archive");

        String blobId = rfc822(original).header("Idempotency-Key", "entry-1")
                .queryParam("folder", "Archive").queryParam("flags", "\\seen").queryParam("flags", "$Label1")
                .queryParam("internalDate", "2024-02-29T10:15:30Z")
                .post("/internal/accounts/{address}/messages", address)
                .then().statusCode(201)
                .body("folder", equalTo("Archive"))
                .body("uid", equalTo(1))
                .body("size", equalTo(original.length))
                .extract().path("blobId");
        // The same request again (a retried restore): the first result, nothing appended.
        rfc822(original).header("Idempotency-Key", "entry-1").queryParam("folder", "Archive")
                .post("/internal/accounts/{address}/messages", address)
                .then().statusCode(200).body("uid", equalTo(1)).body("blobId", equalTo(blobId));

        given().get("/internal/accounts/{address}/messages", address).then().statusCode(200)
                .body("messages", hasSize(1))
                .body("messages[0].address", equalTo(address))
                .body("messages[0].folder", equalTo("Archive"))
                .body("messages[0].uid", equalTo(1))
                .body("messages[0].blobId", equalTo(blobId))
                .body("messages[0].internalDate", equalTo("2024-02-29T10:15:30Z"))
                .body("messages[0].flags", equalTo(List.of("$Label1", "\\Seen")))
                .body("messages[0].summary.subject", equalTo("Restored from the archive"))
                .body("next", nullValue());

        byte[] back = given().get("/internal/accounts/{address}/blobs/{blob}", address, blobId).then()
                .statusCode(200).contentType(RFC822).extract().asByteArray();
        assertThat(back).isEqualTo(original);

        List<Event> appended = await().atMost(Duration.ofSeconds(60)).until(
                () -> MailTopic.read(e -> e.type() == EventType.MESSAGE_APPENDED
                        && ((NewMessage) e.data()).address().equals(address)),
                events -> !events.isEmpty());
        assertThat(appended).hasSize(1);
        assertThat(((NewMessage) appended.get(0).data()).blobId()).isEqualTo(blobId);
    }

    @Test
    void pagesWalkEveryFolderInAStableOrder() {
        String address = newAccount(null);
        Set<String> subjects = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String folder = i % 2 == 0 ? "INBOX" : "Restored"; // a missing folder is created by the first append
            rfc822(message("m" + i)).queryParam("folder", folder)
                    .post("/internal/accounts/{address}/messages", address).then().statusCode(201);
            subjects.add("m" + i);
        }
        List<String> seen = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = given().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("after", cursor);
            }
            var page = request.get("/internal/accounts/{address}/messages", address).then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("messages.summary.subject"));
            folders.addAll(page.getList("messages.folder"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(folders).containsExactly("INBOX", "Restored", "INBOX", "Restored", "INBOX");
        assertThat(new HashSet<>(seen)).isEqualTo(subjects);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badRequestsGetProblems() {
        String address = newAccount(600L);
        String other = newAccount(null);
        String otherBlob = rfc822(message("not yours")).post("/internal/accounts/{address}/messages", other)
                .then().statusCode(201).extract().path("blobId");

        problem(given().get("/internal/accounts/{address}/messages", "nobody@nowhere.example").then(), 404,
                Problem.NOT_FOUND, "nobody@nowhere.example");
        problem(given().queryParam("after", "x").get("/internal/accounts/{address}/messages", address).then(), 400,
                Problem.INVALID_INPUT, "after");
        problem(given().queryParam("limit", 0).get("/internal/accounts/{address}/messages", address).then(), 400,
                Problem.INVALID_INPUT, "limit");
        problem(given().get("/internal/accounts/{address}/blobs/{blob}", address, "../../etc").then(), 400,
                Problem.INVALID_INPUT, "blobId");
        problem(given().get("/internal/accounts/{address}/blobs/{blob}", address, otherBlob).then(), 404,
                Problem.NOT_FOUND, otherBlob);
        problem(rfc822(message("x")).queryParam("folder", "a//b")
                .post("/internal/accounts/{address}/messages", address).then(), 400, Problem.INVALID_INPUT, "folder");
        problem(rfc822(message("x")).queryParam("flags", "\\Recent")
                .post("/internal/accounts/{address}/messages", address).then(), 400, Problem.INVALID_INPUT, "flags");
        problem(rfc822(message("x")).queryParam("flags", "bad(flag")
                .post("/internal/accounts/{address}/messages", address).then(), 400, Problem.INVALID_INPUT, "flags");
        problem(rfc822(message("x")).queryParam("internalDate", "yesterday")
                .post("/internal/accounts/{address}/messages", address).then(), 400, Problem.INVALID_INPUT,
                "internalDate");
        problem(rfc822(message("x")).header("Idempotency-Key", "k".repeat(201))
                .post("/internal/accounts/{address}/messages", address).then(), 400, Problem.INVALID_INPUT,
                "Idempotency-Key");
        // The account's cap is 600 bytes: one message fits, a 700-byte one never does.
        rfc822(message("fits")).post("/internal/accounts/{address}/messages", address).then().statusCode(201);
        problem(rfc822(("Subject: big\r\n\r\n" + "x".repeat(700)).getBytes(StandardCharsets.US_ASCII))
                .post("/internal/accounts/{address}/messages", address).then(), 507, Problem.OVER_QUOTA, "full");
        // Over the IMAP literal maximum (postvault.imap.max-literal-size, 50 MiB): refused before it is stored.
        problem(rfc822(new byte[52_428_801]).post("/internal/accounts/{address}/messages", other).then(), 413,
                Problem.TOO_LARGE, "52428800");
        given().get("/internal/accounts/{address}/messages", address).then().statusCode(200)
                .body("messages.summary.subject", equalTo(List.of("fits")));
    }
}
