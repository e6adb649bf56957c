package io.postvault.protocol.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.support.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SharedAccessResourceTest {

    @Inject
    Db db;

    /** A new domain with a shared account team@, personal accounts alice@ and bob@; returns the domain. */
    private static String domainWithTeam() {
        String domain = "acl-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        post("/internal/domains", Map.of("name", domain, "quotaBytes", 1_000_000)).statusCode(201);
        post("/internal/domains/" + domain + "/accounts", Map.of("localPart", "team", "kind", "SHARED"))
                .statusCode(201);
        for (String user : List.of("alice", "bob")) {
            post("/internal/domains/" + domain + "/accounts",
                    Map.of("localPart", user, "password", "correct horse battery", "kind", "PERSONAL"))
                    .statusCode(201);
        }
        return domain;
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
    void rightsAreGrantedReplacedListedAndRevoked() {
        String domain = domainWithTeam();
        String acl = "/internal/accounts/team@" + domain + "/acl/";
        put(acl + "Alice@" + domain.toUpperCase(), Map.of("rights", "srl")).statusCode(200)
                .body("shared", equalTo("team@" + domain))
                .body("user", equalTo("alice@" + domain))
                .body("rights", equalTo("lrs"))
                .body("grantedAt", not(nullValue()));
        put(acl + "bob@" + domain, Map.of("rights", "lrswitea")).statusCode(200).body("rights", equalTo("lrswitea"));
        put(acl + "alice@" + domain, Map.of("rights", "lr")).statusCode(200).body("rights", equalTo("lr"));

        given().get(acl + "alice@" + domain).then().statusCode(200).body("rights", equalTo("lr"));
        given().get("/internal/accounts/team@" + domain + "/acl").then().statusCode(200)
                .body("$", hasSize(2))
                .body("user", equalTo(List.of("alice@" + domain, "bob@" + domain)))
                .body("rights", equalTo(List.of("lr", "lrswitea")));

        given().delete(acl + "alice@" + domain).then().statusCode(204);
        problem(given().get(acl + "alice@" + domain).then(), 404, Problem.NOT_FOUND, "has no rights");
        problem(given().delete(acl + "alice@" + domain).then(), 404, Problem.NOT_FOUND, "has no rights");
        given().get("/internal/accounts/team@" + domain + "/acl").then().body("user", equalTo(List.of("bob@" + domain)));
    }

    @Test
    void grantsGoWithADeletedAccount() {
        String domain = domainWithTeam();
        put("/internal/accounts/team@" + domain + "/acl/bob@" + domain, Map.of("rights", "lr")).statusCode(200);
        given().delete("/internal/domains/" + domain + "/accounts/bob").then().statusCode(204);
        given().get("/internal/accounts/team@" + domain + "/acl").then().statusCode(200).body("$", hasSize(0));

        put("/internal/accounts/team@" + domain + "/acl/alice@" + domain, Map.of("rights", "lr")).statusCode(200);
        given().delete("/internal/domains/" + domain).then().statusCode(204);
        assertThat(db.number("SELECT count(*) FROM shared_access s JOIN account u ON u.id = s.user_account_id"
                + " WHERE u.domain = ?", domain)).isZero();
    }

    @Test
    void badRequestsAreProblems() {
        String domain = domainWithTeam();
        String other = domainWithTeam();
        String acl = "/internal/accounts/team@" + domain + "/acl/";
        problem(put(acl + "alice@" + domain, Map.of("rights", "lrc")), 400, Problem.INVALID_INPUT,
                "'c' is not a right");
        problem(put(acl + "alice@" + domain, Map.of("rights", "")), 400, Problem.INVALID_INPUT, "at least one right");
        problem(put(acl + "alice@" + domain, Map.of()), 400, Problem.INVALID_INPUT, "at least one right");
        problem(put(acl + "alice", Map.of("rights", "lr")), 400, Problem.INVALID_INPUT, "is not an address");
        problem(put(acl + "alice@" + other, Map.of("rights", "lr")), 400, Problem.INVALID_INPUT,
                "is not in the domain of team@" + domain);
        problem(put(acl + "team@" + other, Map.of("rights", "lr")), 400, Problem.INVALID_INPUT,
                "is a shared account");
        problem(put(acl + "carol@" + domain, Map.of("rights", "lr")), 404, Problem.NOT_FOUND,
                "no account carol@" + domain);
        problem(put("/internal/accounts/alice@" + domain + "/acl/bob@" + domain, Map.of("rights", "lr")), 409,
                Problem.CONFLICT, "is a personal account");
        problem(given().get("/internal/accounts/nobody@" + domain + "/acl").then(), 404, Problem.NOT_FOUND,
                "no account nobody@" + domain);
        assertThat(db.number("SELECT count(*) FROM shared_access s JOIN account a ON a.id = s.shared_account_id"
                + " WHERE a.domain = ?", domain)).isZero();
    }
}
