package io.postvault.protocol.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.postvault.deploy.test.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /internal/logins: the gateway's password check, against real accounts in PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class LoginResourceTest {

    static final String DOMAIN = "login-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    static final String PASSWORD = "correct horse battery";

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static boolean created;

    /** Once per class; not in @BeforeAll, which runs before RestAssured knows the test port. */
    @BeforeEach
    void accounts() {
        if (created) {
            return;
        }
        created = true;
        post("/internal/domains", Map.of("name", DOMAIN, "quotaBytes", 1_000_000)).statusCode(201);
        String accounts = "/internal/domains/" + DOMAIN + "/accounts";
        post(accounts, Map.of("localPart", "postmaster", "password", PASSWORD, "kind", "PERSONAL",
                "role", "DOMAIN_ADMIN")).statusCode(201);
        post(accounts, Map.of("localPart", "alice", "password", PASSWORD, "kind", "PERSONAL")).statusCode(201);
        post(accounts, Map.of("localPart", "nopass", "kind", "PERSONAL")).statusCode(201);
        post(accounts, Map.of("localPart", "team", "kind", "SHARED")).statusCode(201);
    }

    @Test
    void answersWhoLoggedInWithTheirRole() {
        post("/internal/logins", Map.of("address", "PostMaster@" + DOMAIN.toUpperCase(), "password", PASSWORD))
                .statusCode(200).contentType(ContentType.JSON)
                .body("address", equalTo("postmaster@" + DOMAIN))
                .body("domain", equalTo(DOMAIN))
                .body("role", equalTo("DOMAIN_ADMIN"))
                .body("kind", equalTo("PERSONAL"));
        post("/internal/logins", Map.of("address", "alice@" + DOMAIN, "password", PASSWORD))
                .statusCode(200).body("role", equalTo("USER"));
        // a second login within the cache window gives the same answer
        post("/internal/logins", Map.of("address", "alice@" + DOMAIN, "password", PASSWORD))
                .statusCode(200).body("address", equalTo("alice@" + DOMAIN));
    }

    @Test
    void unknownWrongSharedAndPasswordlessAllLookTheSame() {
        for (Map<String, String> credentials : new Map[] {
                Map.of("address", "alice@" + DOMAIN, "password", "wrong password"),
                Map.of("address", "nobody@" + DOMAIN, "password", PASSWORD),
                Map.of("address", "team@" + DOMAIN, "password", PASSWORD),
                Map.of("address", "nopass@" + DOMAIN, "password", PASSWORD),
                Map.of("address", "alice@other-" + DOMAIN, "password", PASSWORD)}) {
            post("/internal/logins", credentials)
                    .statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://postvault.io/problems/invalid-credentials"))
                    .body("detail", equalTo("unknown address or wrong password"))
                    .body(not(containsString(PASSWORD)));
        }
    }

    @Test
    void refusesAMissingField() {
        post("/internal/logins", Map.of("address", "alice@" + DOMAIN))
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(Problem.INVALID_INPUT)).body("field", equalTo("password"));
        post("/internal/logins", Map.of("password", PASSWORD))
                .statusCode(400).body("field", equalTo("address"));
        given().contentType(ContentType.JSON).body("{").when().post("/internal/logins").then()
                .statusCode(400).body("type", equalTo(Problem.MALFORMED_REQUEST));
    }
}
