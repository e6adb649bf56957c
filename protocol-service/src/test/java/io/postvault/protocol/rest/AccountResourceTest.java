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
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.DomainDeleted;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class AccountResourceTest {

    @Inject
    Authenticator authenticator;
    @Inject
    Db db;

    private static String newDomain() {
        return "rest-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static ValidatableResponse put(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().put(path).then();
    }

    private static void problem(ValidatableResponse response, int status, String type, String detail) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body("detail", containsString(detail))
                .body(not(containsString("Exception")));
    }

    @Test
    void domainAndAccountLifecycleWithTheirEvents() {
        String domain = newDomain();
        post("/internal/domains", Map.of("name", domain.toUpperCase(), "quotaBytes", 1_000_000))
                .statusCode(201)
                .body("name", equalTo(domain))
                .body("quotaBytes", equalTo(1_000_000))
                .body("occupiedBytes", equalTo(0));
        given().get("/internal/domains/" + domain).then().statusCode(200).body("accountCount", equalTo(0));

        String alice = post("/internal/domains/" + domain + "/accounts",
                Map.of("localPart", "Alice", "password", "correct horse battery", "kind", "PERSONAL",
                        "role", "DOMAIN_ADMIN", "quotaBytes", 5000))
                .statusCode(201)
                .body("address", equalTo("alice@" + domain))
                .body("role", equalTo("DOMAIN_ADMIN"))
                .body("quotaBytes", equalTo(5000))
                .body(not(containsString("argon2")))
                .extract().path("id");
        post("/internal/domains/" + domain + "/accounts", Map.of("localPart", "team", "kind", "SHARED"))
                .statusCode(201).body("kind", equalTo("SHARED")).body("role", equalTo("USER"));
        given().get("/internal/domains/" + domain + "/accounts").then().statusCode(200)
                .body("$", hasSize(2))
                .body("address", equalTo(List.of("alice@" + domain, "team@" + domain)));

        // Six folders with their SPECIAL-USE attributes, each a UIDVALIDITY.
        List<Map<String, Object>> folders = db.rows("SELECT name, special_use, uid_validity, uid_next FROM folder"
                + " WHERE account_id = ? ORDER BY id", UUID.fromString(alice));
        assertThat(folders).extracting(f -> f.get("name"))
                .containsExactly("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        assertThat(folders).extracting(f -> f.get("special_use"))
                .containsExactly(null, "\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive");
        assertThat(folders).allSatisfy(f -> {
            assertThat((Long) f.get("uid_validity")).isPositive();
            assertThat(f.get("uid_next")).isEqualTo(1L);
        });

        given().delete("/internal/domains/" + domain + "/accounts/alice").then().statusCode(204);
        given().get("/internal/domains/" + domain + "/accounts/alice").then().statusCode(404);
        given().delete("/internal/domains/" + domain).then().statusCode(204);
        problem(given().get("/internal/domains/" + domain).then(), 404, Problem.NOT_FOUND, domain);
        assertThat(db.number("SELECT count(*) FROM account WHERE domain = ?", domain)).isZero();

        List<Event> events = awaitEvents(domain, 5);
        assertThat(events).extracting(Event::type).containsExactlyInAnyOrder(EventType.DOMAIN_CREATED,
                EventType.ACCOUNT_CREATED, EventType.ACCOUNT_CREATED, EventType.ACCOUNT_DELETED,
                EventType.ACCOUNT_DELETED, EventType.DOMAIN_DELETED);
        assertThat(events).filteredOn(e -> e.type() == EventType.DOMAIN_CREATED).extracting(Event::data)
                .containsExactly(new DomainCreated(domain, 1_000_000));
        assertThat(events).filteredOn(e -> e.type() == EventType.DOMAIN_DELETED).extracting(Event::data)
                .containsExactly(new DomainDeleted(domain));
        List<Event> ofAlice = events.stream().filter(e -> alice.equals(e.account())).toList();
        assertThat(ofAlice).extracting(Event::data).containsExactly(
                new AccountCreated("alice@" + domain, AccountKind.PERSONAL, 5000L),
                new AccountDeleted("alice@" + domain));
    }

    @Test
    void passwordsAreStoredAsArgon2idAndCheckedAtLogin() {
        String domain = newDomain();
        post("/internal/domains", Map.of("name", domain, "quotaBytes", 10_000)).statusCode(201);
        post("/internal/domains/" + domain + "/accounts",
                Map.of("localPart", "bob", "password", "s3cret-password", "kind", "PERSONAL")).statusCode(201);
        post("/internal/domains/" + domain + "/accounts", Map.of("localPart", "shared", "kind", "SHARED"))
                .statusCode(201);
        post("/internal/domains/" + domain + "/accounts", Map.of("localPart", "nopass", "kind", "PERSONAL"))
                .statusCode(201);

        String hash = (String) db.value("SELECT password_hash FROM account WHERE address = ?", "bob@" + domain);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("s3cret-password");

        assertThat(authenticator.login("Bob@" + domain.toUpperCase(), "s3cret-password"))
                .isInstanceOfSatisfying(LoginResult.Success.class, s -> {
                    assertThat(s.mailbox().address()).isEqualTo("bob@" + domain);
                    assertThat(s.mailbox().domain()).isEqualTo(domain);
                    assertThat(s.mailbox().kind()).isEqualTo(AccountKind.PERSONAL);
                });
        assertThat(authenticator.login("bob@" + domain, "wrong-password")).isInstanceOf(LoginResult.BadCredentials.class);
        assertThat(authenticator.login("nobody@" + domain, "s3cret-password"))
                .isInstanceOf(LoginResult.BadCredentials.class);
        assertThat(authenticator.login("nopass@" + domain, "")).isInstanceOf(LoginResult.BadCredentials.class);
        assertThat(authenticator.login("shared@" + domain, "anything"))
                .isEqualTo(new LoginResult.SharedAccount("shared@" + domain));

        given().contentType(ContentType.JSON).body(Map.of("password", "a-new-password"))
                .put("/internal/domains/" + domain + "/accounts/bob/password").then().statusCode(204);
        assertThat(authenticator.login("bob@" + domain, "s3cret-password")).isInstanceOf(LoginResult.BadCredentials.class);
        assertThat(authenticator.login("bob@" + domain, "a-new-password")).isInstanceOf(LoginResult.Success.class);

        problem(given().contentType(ContentType.JSON).body(Map.of("password", "a-new-password"))
                .put("/internal/domains/" + domain + "/accounts/shared/password").then(), 409, Problem.CONFLICT,
                "shared");
        problem(given().contentType(ContentType.JSON).body(Map.of("password", "short"))
                .put("/internal/domains/" + domain + "/accounts/bob/password").then(), 400, Problem.INVALID_INPUT,
                "8 to 1024");
        problem(given().contentType(ContentType.JSON).body(Map.of("password", "a-new-password"))
                .put("/internal/domains/" + domain + "/accounts/ghost/password").then(), 404, Problem.NOT_FOUND,
                "ghost@" + domain);
    }

    @Test
    void rolesAreChangedAndReadAtTheNextLogin() {
        String domain = newDomain();
        post("/internal/domains", Map.of("name", domain, "quotaBytes", 10_000)).statusCode(201);
        post("/internal/domains/" + domain + "/accounts",
                Map.of("localPart", "erin", "password", "s3cret-password", "kind", "PERSONAL")).statusCode(201);
        post("/internal/domains/" + domain + "/accounts", Map.of("localPart", "team", "kind", "SHARED"))
                .statusCode(201);
        String erin = "/internal/domains/" + domain + "/accounts/Erin/role";
        String login = "{\"address\":\"erin@" + domain + "\",\"password\":\"s3cret-password\"}";

        put(erin, Map.of("role", "domain_admin")).statusCode(200)
                .body("address", equalTo("erin@" + domain)).body("role", equalTo("DOMAIN_ADMIN"));
        post("/internal/logins", login).statusCode(200).body("role", equalTo("DOMAIN_ADMIN"));
        put(erin, Map.of("role", "USER")).statusCode(200).body("role", equalTo("USER"));
        post("/internal/logins", login).statusCode(200).body("role", equalTo("USER"));
        assertThat(db.value("SELECT role FROM account WHERE address = ?", "erin@" + domain)).isEqualTo("USER");

        String team = "/internal/domains/" + domain + "/accounts/team/role";
        problem(put(team, Map.of("role", "DOMAIN_ADMIN")), 409, Problem.CONFLICT,
                "team@" + domain + " is a shared account: it cannot log in");
        put(team, Map.of("role", "USER")).statusCode(200).body("kind", equalTo("SHARED"));
        assertThat(db.value("SELECT role FROM account WHERE address = ?", "team@" + domain)).isEqualTo("USER");
        problem(put(erin, Map.of("role", "KING")), 400, Problem.INVALID_INPUT, "USER or DOMAIN_ADMIN");
        problem(put(erin, Map.of()), 400, Problem.INVALID_INPUT, "a role is required");
        problem(given().contentType(ContentType.JSON).put(erin).then(), 400, Problem.INVALID_INPUT,
                "a role is required");
        problem(put("/internal/domains/" + domain + "/accounts/ghost/role", Map.of("role", "USER")), 404,
                Problem.NOT_FOUND, "no account ghost@" + domain);
        problem(put("/internal/domains/" + domain + "/accounts/bad..dots/role", Map.of("role", "USER")), 400,
                Problem.INVALID_INPUT, "local part");
    }

    @Test
    void invalidRequestsGetProblemDetails() {
        String domain = newDomain();
        post("/internal/domains", Map.of("name", domain, "quotaBytes", 10_000)).statusCode(201);
        problem(post("/internal/domains", Map.of("name", domain, "quotaBytes", 10_000)), 409, Problem.CONFLICT,
                "exists already");
        problem(post("/internal/domains", Map.of("name", "no_underscores.example", "quotaBytes", 1)), 400,
                Problem.INVALID_INPUT, "invalid label");
        post("/internal/domains", Map.of("name", "localhost", "quotaBytes", 1)).statusCode(400)
                .body("field", equalTo("name"));
        problem(post("/internal/domains", Map.of("name", "q.example")), 400, Problem.INVALID_INPUT, "quota");
        problem(post("/internal/domains", Map.of("name", "q.example", "quotaBytes", -5)), 400, Problem.INVALID_INPUT,
                "positive");
        problem(post("/internal/domains", Map.of("name", "q.example", "quotaBytes", "lots")), 400,
                Problem.MALFORMED_REQUEST, "quotaBytes");
        problem(given().contentType(ContentType.JSON).body("{not json").post("/internal/domains").then(), 400,
                Problem.MALFORMED_REQUEST, "JSON");
        problem(given().get("/internal/domains/unknown-" + domain).then(), 404, Problem.NOT_FOUND, "no domain");

        String accounts = "/internal/domains/" + domain + "/accounts";
        post(accounts, Map.of("localPart", "carol", "password", "long-enough-1", "kind", "PERSONAL")).statusCode(201);
        problem(post(accounts, Map.of("localPart", "CAROL", "password", "long-enough-1", "kind", "PERSONAL")), 409,
                Problem.CONFLICT, "carol@" + domain);
        problem(post(accounts, Map.of("localPart", "bad..dots", "kind", "PERSONAL")), 400, Problem.INVALID_INPUT,
                "not a valid local part");
        problem(post(accounts, Map.of("localPart", "x".repeat(65), "kind", "PERSONAL")), 400, Problem.INVALID_INPUT,
                "64");
        problem(post(accounts, Map.of("localPart", "dave", "password", "short", "kind", "PERSONAL")), 400,
                Problem.INVALID_INPUT, "password");
        problem(post(accounts, Map.of("localPart", "dave", "kind", "ROBOT")), 400, Problem.INVALID_INPUT,
                "PERSONAL or SHARED");
        problem(post(accounts, Map.of("localPart", "dave", "kind", "PERSONAL", "role", "KING")), 400,
                Problem.INVALID_INPUT, "USER or DOMAIN_ADMIN");
        problem(post(accounts, Map.of("localPart", "dave", "password", "long-enough-1", "kind", "SHARED")), 400,
                Problem.INVALID_INPUT, "shared account has no password");
        problem(post("/internal/domains/unknown-" + domain + "/accounts", Map.of("localPart", "dave",
                "kind", "PERSONAL")), 404, Problem.NOT_FOUND, "no domain");
        problem(given().delete(accounts + "/nobody").then(), 404, Problem.NOT_FOUND, "nobody@" + domain);
        problem(given().get("/internal/no-such-path").then(), 404, Problem.NOT_FOUND, "");
    }

    private static List<Event> awaitEvents(String domain, int atLeast) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.ofDomain(domain),
                events -> events.size() > atLeast);
    }
}
