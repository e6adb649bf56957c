package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.admin;
import static io.postvault.gateway.rest.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The role of an account and the rights of users on shared accounts, through the gateway, against the protocol-service
 * stub (UpstreamStubs: team@ is SHARED, alice has lr on it and carol lrswite).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class RoleAndSharedAccessTest {

    static final String PROBLEMS = "https://postvault.io/problems/";
    static final String ROLE = "/api/v1/domains/roles.example/accounts/{local}/role";
    static final String ACL = "/api/v1/domains/roles.example/accounts/{shared}/acl";

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    private static ValidatableResponse put(RequestSpecification caller, String path, Object body, Object... params) {
        return caller.contentType(ContentType.JSON).body(body).when().put(path, params).then();
    }

    private static void invalid(ValidatableResponse response, String field, String detail) {
        response.statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo(field))
                .body("detail", org.hamcrest.Matchers.containsString(detail));
    }

    @Test
    void changesARoleAndRefusesAdministratorSharedAccounts() {
        put(admin(), ROLE, Map.of("role", "domain_admin"), "Alice").statusCode(200).contentType(ContentType.JSON)
                .body("address", equalTo("alice@roles.example")).body("role", equalTo("DOMAIN_ADMIN"));
        assertThat(StubHits.of(stub, "/internal/domains/roles.example/accounts/alice/role").body())
                .isEqualTo("{\"role\":\"DOMAIN_ADMIN\"}");
        put(admin(), ROLE, Map.of("role", "USER"), "team").statusCode(200).body("kind", equalTo("SHARED"));
        put(admin(), ROLE, Map.of("role", "DOMAIN_ADMIN"), "team").statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "conflict"))
                .body("detail", equalTo("team@roles.example is a shared account: it cannot log in, so it cannot be"
                        + " a domain administrator"));
        put(admin(), ROLE, Map.of("role", "USER"), "missing").statusCode(404)
                .body("detail", equalTo("no account missing@roles.example"));
    }

    @Test
    void refusesInvalidRolesBeforeAnyInternalCall() {
        int before = StubHits.containing(stub, "/role");
        invalid(put(admin(), ROLE, Map.of("role", "KING"), "alice"), "role", "'KING' is not USER or DOMAIN_ADMIN");
        invalid(put(admin(), ROLE, Map.of(), "alice"), "role", "required: USER or DOMAIN_ADMIN");
        invalid(admin().contentType(ContentType.JSON).when().put(ROLE, "alice").then(), "body", "{role}");
        invalid(put(admin(), ROLE, Map.of("role", "USER"), "two..dots"), "localPart", "not a valid local part");
        invalid(put(admin(), "/api/v1/domains/bad_name.example/accounts/alice/role", Map.of("role", "USER")),
                "domain", "invalid label");
        assertThat(StubHits.containing(stub, "/role")).isEqualTo(before);
    }

    @Test
    void aDomainAdminChangesRolesAUserMayNot() {
        String postmaster = Callers.domainAdmin("roles.example");
        String alice = Callers.user("alice@roles.example");
        put(as(postmaster), ROLE, Map.of("role", "DOMAIN_ADMIN"), "carol").statusCode(200);
        put(as(alice), ROLE, Map.of("role", "DOMAIN_ADMIN"), "alice").statusCode(403)
                .body("type", equalTo(PROBLEMS + "forbidden"));
        put(as(alice), ROLE, Map.of("role", "DOMAIN_ADMIN"), "bob").statusCode(404)
                .body("detail", equalTo("no account bob@roles.example"));
        put(as(Callers.domainAdmin("other.example")), ROLE, Map.of("role", "USER"), "alice").statusCode(404)
                .body("detail", equalTo("no domain roles.example"));
        given().contentType(ContentType.JSON).body(Map.of("role", "USER")).when().put(ROLE, "alice").then()
                .statusCode(401);
    }

    @Test
    void aDemotedPostmastersLoginEndsOtherLoginsStay() {
        String postmaster = login("postmaster@roles.example");
        String alice = login("alice@roles.example");
        as(postmaster).when().get("/api/v1/domains/roles.example/accounts").then().statusCode(200);

        put(admin(), ROLE, Map.of("role", "USER"), "postmaster").statusCode(200).body("role", equalTo("USER"));
        as(postmaster).when().get("/api/v1/auth/me").then().statusCode(401);
        put(admin(), ROLE, Map.of("role", "USER"), "alice").statusCode(200);
        as(alice).when().get("/api/v1/auth/me").then().statusCode(200).body("role", equalTo("USER"));
    }

    private static String login(String address) {
        return given().header("X-Forwarded-For", "198.51.100.8").contentType(ContentType.JSON)
                .body(Map.of("username", address, "password", UpstreamStubs.PASSWORD))
                .when().post("/api/v1/auth/login").then().statusCode(200).extract().path("token");
    }

    @Test
    void listsSetsAndRevokesTheRightsOfUsersOnASharedAccount() {
        admin().when().get(ACL, "team").then().statusCode(200).contentType(ContentType.JSON)
                .body("items.user", contains("alice@roles.example", "carol@roles.example"))
                .body("items.rights", contains("lr", "lrswite"))
                .body("items[0].shared", equalTo("team@roles.example"))
                .body("nextCursor", nullValue());

        put(admin(), ACL + "/{user}", Map.of("rights", "wsl"), "Team", "Erin").statusCode(200)
                .body("shared", equalTo("team@roles.example")).body("user", equalTo("erin@roles.example"))
                .body("rights", equalTo("lsw")).body("grantedAt", equalTo("2026-11-27T10:00:00Z"));
        assertThat(StubHits.of(stub, "/internal/accounts/team@roles.example/acl/erin@roles.example").body())
                .as("the rights in canonical order").isEqualTo("{\"rights\":\"lsw\"}");
        put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "team", "dave@roles.example").statusCode(200)
                .body("user", equalTo("dave@roles.example"));

        admin().when().delete(ACL + "/{user}", "team", "Carol@Roles.Example").then().statusCode(204);
        admin().when().delete(ACL + "/{user}", "team", "alice").then().statusCode(404)
                .body("detail", equalTo("alice@roles.example has no rights on team@roles.example"));
    }

    @Test
    void refusesBadRightsUsersOfOtherDomainsAndPersonalTargets() {
        int before = StubHits.containing(stub, "/acl");
        invalid(put(admin(), ACL + "/{user}", Map.of("rights", "lrc"), "team", "carol"), "rights",
                "'c' is not a right (RFC 4314 letters lrswipkxtea");
        invalid(put(admin(), ACL + "/{user}", Map.of("rights", ""), "team", "carol"), "rights", "at least one right");
        invalid(put(admin(), ACL + "/{user}", Map.of(), "team", "carol"), "rights", "at least one right");
        invalid(admin().contentType(ContentType.JSON).when().put(ACL + "/{user}", "team", "carol").then(), "body",
                "{rights}");
        invalid(put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "team", "carol@b.example"), "user",
                "carol@b.example is not in roles.example");
        invalid(put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "team", "two..dots"), "user",
                "not a valid local part");
        invalid(put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "bad..shared", "carol"), "shared",
                "not a valid local part");
        invalid(admin().when().delete(ACL + "/{user}", "team", "carol@b.example").then(), "user", "is not in");
        assertThat(StubHits.containing(stub, "/acl")).as("no internal call for an invalid input").isEqualTo(before);

        put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "team", "box").statusCode(400)
                .body("field", equalTo("user"))
                .body("detail", equalTo("user: box@roles.example is a shared account: rights are granted to personal"
                        + " accounts"));
        put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "team", "missing").statusCode(404)
                .body("detail", equalTo("no account missing@roles.example"));
        put(admin(), ACL + "/{user}", Map.of("rights", "lr"), "alice", "bob").statusCode(409)
                .body("type", equalTo(PROBLEMS + "conflict"))
                .body("detail", equalTo("alice@roles.example is a personal account: only shared accounts have access"
                        + " rights"));
        admin().when().get(ACL, "alice").then().statusCode(409);
        admin().when().get(ACL, "missing").then().statusCode(404);
    }

    @Test
    void aDomainAdminManagesSharedAccountsAUserMayNot() {
        String postmaster = Callers.domainAdmin("roles.example");
        as(postmaster).when().get(ACL, "team").then().statusCode(200);
        put(as(postmaster), ACL + "/{user}", Map.of("rights", "lr"), "team", "carol").statusCode(200);
        as(postmaster).when().delete(ACL + "/{user}", "team", "carol").then().statusCode(204);

        String alice = Callers.user("alice@roles.example");
        as(alice).when().get(ACL, "team").then().statusCode(403).body("type", equalTo(PROBLEMS + "forbidden"));
        put(as(alice), ACL + "/{user}", Map.of("rights", "lrswipkxtea"), "team", "alice").statusCode(403);
        as(alice).when().delete(ACL + "/{user}", "team", "carol").then().statusCode(403);

        String otherAdmin = Callers.domainAdmin("other.example");
        as(otherAdmin).when().get(ACL, "team").then().statusCode(404)
                .body("detail", equalTo("no domain roles.example"));
        put(as(otherAdmin), ACL + "/{user}", Map.of("rights", "lr"), "team", "carol").statusCode(404);
        given().when().get(ACL, "team").then().statusCode(401);
    }
}
