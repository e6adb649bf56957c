package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/auth/login against the protocol-service stub, the token it gives, logout and the login rate limits.
 * Each test plays its own client IP (X-Forwarded-For, trusted in the test profile) so the per-IP limit of one test
 * does not reach another.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class AuthResourceTest {

    static final String PROBLEMS = "https://postvault.io/problems/";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @ConfigProperty(name = "postvault.gateway.auth.login.max-failures-per-address")
    int maxFailuresPerAddress;
    @ConfigProperty(name = "postvault.gateway.auth.login.max-attempts-per-ip")
    int maxAttemptsPerIp;
    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    private static String newClient() {
        return "192.0.2." + CLIENTS.incrementAndGet();
    }

    private static ValidatableResponse login(String ip, Object body) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/auth/login").then();
    }

    private static ValidatableResponse login(String ip, String username, String password) {
        return login(ip, Map.of("username", username, "password", password));
    }

    @Test
    void aPostmasterLogsInAndAdministersTheirDomain() {
        Instant before = Instant.now();
        ValidatableResponse session = login(newClient(), "PostMaster@Login.Example", UpstreamStubs.PASSWORD)
                .statusCode(200).contentType(ContentType.JSON)
                .body("token", startsWith("pvl_"))
                .body("role", equalTo("DOMAIN_ADMIN"))
                .body("domain", equalTo("login.example"))
                .body("address", equalTo("postmaster@login.example"));
        Instant expires = Instant.parse(session.extract().path("expiresAt"));
        assertThat(Duration.between(before, expires)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        assertThat(StubHits.of(stub, "/internal/logins").body())
                .contains("\"address\":\"postmaster@login.example\"");
        String token = session.extract().path("token");

        as(token).when().get("/api/v1/auth/me").then().statusCode(200)
                .body("role", equalTo("DOMAIN_ADMIN")).body("domain", equalTo("login.example"));
        as(token).when().get("/api/v1/domains/login.example").then().statusCode(200)
                .body("name", equalTo("login.example"));
        as(token).when().get("/api/v1/domains/other.example").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"));
        as(token).when().delete("/api/v1/domains/login.example").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "forbidden"));
    }

    @Test
    void aUserLogsInToTheirOwnAccountOnly() {
        String token = login(newClient(), "alice@login.example", UpstreamStubs.PASSWORD).statusCode(200)
                .body("role", equalTo("USER")).extract().path("token");
        as(token).when().get("/api/v1/accounts/alice@login.example/archive").then().statusCode(200);
        as(token).when().get("/api/v1/accounts/bob@login.example/archive").then().statusCode(404);
        as(token).when().get("/api/v1/domains/login.example/accounts").then().statusCode(403);
        as(token).contentType(ContentType.JSON).body(Map.of("password", "a new long password"))
                .when().put("/api/v1/domains/login.example/accounts/alice/password").then().statusCode(204);
        as(token).contentType(ContentType.JSON).body(Map.of("password", "a new long password"))
                .when().put("/api/v1/domains/login.example/accounts/bob/password").then().statusCode(404);
    }

    @Test
    void logoutRevokesTheToken() {
        String token = login(newClient(), "alice@logout.example", UpstreamStubs.PASSWORD).statusCode(200)
                .extract().path("token");
        as(token).when().post("/api/v1/auth/logout").then().statusCode(204);
        as(token).when().get("/api/v1/auth/me").then().statusCode(401)
                .body("detail", equalTo("the bearer token is not valid"));
        Callers.admin().when().post("/api/v1/auth/logout").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "conflict"));
    }

    @Test
    void aWrongPasswordIsA401WithoutTheUpstreamDetails() {
        login(newClient(), "alice@login.example", "not the password").statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-credentials"))
                .body("detail", equalTo("unknown address or wrong password"))
                .body(not(org.hamcrest.Matchers.containsString("not the password")));
        login(newClient(), "nobody@login.example", UpstreamStubs.PASSWORD).statusCode(401)
                .body("type", equalTo(PROBLEMS + "invalid-credentials"));
    }

    @Test
    void invalidLoginInputsAre400WithTheField() {
        String ip = newClient();
        login(ip, "not-an-address", UpstreamStubs.PASSWORD).statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("username"));
        login(ip, "alice@login.example", "short").statusCode(400).body("field", equalTo("password"));
        login(ip, Map.of("username", "alice@login.example")).statusCode(400).body("field", equalTo("password"));
        given().contentType(ContentType.JSON).when().post("/api/v1/auth/login").then().statusCode(400)
                .body("field", equalTo("body"));
        given().contentType(ContentType.JSON).body("{\"username\":").when().post("/api/v1/auth/login").then()
                .statusCode(400).body("type", equalTo(PROBLEMS + "malformed-request"));
    }

    @Test
    void protocolServiceDownIsA503NotAFailedLogin() {
        login(newClient(), "alice@down.example", UpstreamStubs.PASSWORD).statusCode(503)
                .header("Retry-After", not(nullValue()))
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
    }

    @Test
    void failedLoginsOfOneAddressAreLimitedFromEveryClient() {
        String address = "target@limit.example";
        for (int i = 0; i < maxFailuresPerAddress; i++) {
            login(newClient(), address, "guess number " + i).statusCode(401);
        }
        int before = StubHits.of(stub, "/internal/logins").count();
        // even the right password, from yet another client, waits for the window
        login(newClient(), address, UpstreamStubs.PASSWORD).statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo(PROBLEMS + "too-many-logins"))
                .body("status", equalTo(429));
        assertThat(StubHits.of(stub, "/internal/logins").count()).isEqualTo(before);
        // other addresses are not held back
        login(newClient(), "other@limit.example", UpstreamStubs.PASSWORD).statusCode(200);
    }

    @Test
    void attemptsFromOneClientAreLimitedWhateverTheAddress() {
        String ip = newClient();
        for (int i = 0; i < maxAttemptsPerIp; i++) {
            login(ip, "user" + i + "@spray.example", i % 2 == 0 ? UpstreamStubs.PASSWORD : "wrong password")
                    .statusCode(i % 2 == 0 ? 200 : 401);
        }
        login(ip, "fresh@spray.example", UpstreamStubs.PASSWORD).statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("detail", org.hamcrest.Matchers.containsString("try again in"));
        login(newClient(), "fresh@spray.example", UpstreamStubs.PASSWORD).statusCode(200)
                .body("expiresAt", not(nullValue()));
        assertThat(maxAttemptsPerIp).isGreaterThan(maxFailuresPerAddress);
    }
}
