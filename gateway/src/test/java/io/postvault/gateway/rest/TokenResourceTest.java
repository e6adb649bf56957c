package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.admin;
import static io.postvault.gateway.rest.Callers.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API tokens: made, listed and revoked by the platform admin and by domain admins within their domain. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class TokenResourceTest {

    static final String PROBLEMS = "https://postvault.io/problems/";

    private static ValidatableResponse create(RequestSpecification caller, Map<String, String> body) {
        return caller.contentType(ContentType.JSON).body(new HashMap<>(body)).when().post("/api/v1/auth/tokens")
                .then();
    }

    @Test
    void theAdminMakesADomainTokenThatWorksUntilRevoked() {
        ValidatableResponse made = create(admin(), Map.of("name", " billing sync ", "role", "domain_admin",
                "domain", "Tokens.Example", "expiresAt", "2999-01-01T00:00:00Z"))
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/auth/tokens/"))
                .body("token", startsWith("pva_"))
                .body("apiToken.name", equalTo("billing sync"))
                .body("apiToken.role", equalTo("DOMAIN_ADMIN"))
                .body("apiToken.domain", equalTo("tokens.example"))
                .body("apiToken.createdBy", equalTo("platform-admin"))
                .body("apiToken.expiresAt", equalTo("2999-01-01T00:00:00Z"))
                .body("apiToken.revokedAt", nullValue());
        String token = made.extract().path("token");
        String id = made.extract().path("apiToken.id");
        as(token).when().get("/api/v1/domains/tokens.example").then().statusCode(200);

        admin().when().get("/api/v1/auth/tokens").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.token", everyItem(nullValue()));
        admin().when().delete("/api/v1/auth/tokens/" + id).then().statusCode(204);
        admin().when().delete("/api/v1/auth/tokens/" + id).then().statusCode(204);
        as(token).when().get("/api/v1/domains/tokens.example").then().statusCode(401);
    }

    @Test
    void aDomainAdminMakesTokensOfItsOwnDomainOnly() {
        String admin = Callers.domainAdmin("own.example");
        String user = create(as(admin), Map.of("name", "alice's mail client", "role", "USER",
                "address", "alice@own.example")).statusCode(201)
                .body("apiToken.createdBy", equalTo("admin of own.example"))
                .extract().path("token");
        as(user).when().get("/api/v1/auth/me").then().statusCode(200)
                .body("role", equalTo("USER")).body("address", equalTo("alice@own.example"));
        create(as(admin), Map.of("name", "x", "role", "DOMAIN_ADMIN", "domain", "other.example")).statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"));
        create(as(admin), Map.of("name", "x", "role", "USER", "address", "bob@other.example")).statusCode(404);
        create(as(admin), Map.of("name", "x", "role", "PLATFORM_ADMIN")).statusCode(403)
                .body("type", equalTo(PROBLEMS + "forbidden"));
        create(as(user), Map.of("name", "x", "role", "USER", "address", "alice@own.example")).statusCode(403);

        String otherId = create(admin(), Map.of("name", "theirs", "role", "DOMAIN_ADMIN", "domain",
                "theirs.example")).statusCode(201).extract().path("apiToken.id");
        as(admin).when().get("/api/v1/auth/tokens").then().statusCode(200)
                .body("items.domain", everyItem(equalTo("own.example")))
                .body("items.id", not(hasItem(otherId)));
        as(admin).when().delete("/api/v1/auth/tokens/" + otherId).then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"));
        admin().when().get("/api/v1/auth/tokens").then().body("items.find { it.id == '" + otherId + "' }.revokedAt",
                nullValue());
    }

    @Test
    void theTenantMustExist() {
        create(admin(), Map.of("name", "x", "role", "DOMAIN_ADMIN", "domain", "missing.example")).statusCode(404)
                .body("detail", equalTo("no domain missing.example"));
        create(admin(), Map.of("name", "x", "role", "USER", "address", "missing@own.example")).statusCode(404);
    }

    @Test
    void deletingADomainOrAccountRevokesItsTokens() {
        String domainToken = Callers.domainAdmin("gone.example");
        String userToken = Callers.user("alice@going.example");
        as(userToken).when().get("/api/v1/auth/me").then().statusCode(200);
        admin().when().delete("/api/v1/domains/going.example/accounts/alice").then().statusCode(204);
        as(userToken).when().get("/api/v1/auth/me").then().statusCode(401);
        admin().when().delete("/api/v1/domains/gone.example").then().statusCode(204);
        as(domainToken).when().get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void invalidTokenRequestsAre400WithTheField() {
        create(admin(), Map.of("role", "USER", "address", "alice@own.example")).statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("name"));
        create(admin(), Map.of("name", "x", "role", "ROOT")).statusCode(400).body("field", equalTo("role"));
        create(admin(), Map.of("name", "x", "role", "DOMAIN_ADMIN")).statusCode(400).body("field", equalTo("domain"));
        create(admin(), Map.of("name", "x", "role", "USER", "address", "alice")).statusCode(400)
                .body("field", equalTo("address"));
        create(admin(), Map.of("name", "x", "role", "PLATFORM_ADMIN", "expiresAt", "2001-01-01T00:00:00Z"))
                .statusCode(400).body("field", equalTo("expiresAt"));
        create(admin(), Map.of("name", "x".repeat(101), "role", "PLATFORM_ADMIN")).statusCode(400)
                .body("field", equalTo("name"));
        admin().when().delete("/api/v1/auth/tokens/not-a-uuid").then().statusCode(400).body("field", equalTo("id"));
        admin().when().delete("/api/v1/auth/tokens/" + UpstreamStubs.MISSING_ID).then().statusCode(404);
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
        Instant expiresAt = Instant.now().plusSeconds(1);
        String token = create(admin(), Map.of("name", "short", "role", "PLATFORM_ADMIN",
                "expiresAt", expiresAt.toString())).statusCode(201).extract().path("token");
        as(token).when().get("/api/v1/auth/tokens").then().statusCode(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 50);
        as(token).when().get("/api/v1/auth/tokens").then().statusCode(401);
    }
}
