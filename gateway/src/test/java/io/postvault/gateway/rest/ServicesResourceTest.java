package io.postvault.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class ServicesResourceTest {

    @Test
    void withoutTokenTheApiAnswersProblemJson401() {
        given().when().get("/api/v1/system/services").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://postvault.io/problems/unauthorized"))
                .body("status", equalTo(401))
                .body("detail", equalTo("a bearer token is required"));
        given().auth().oauth2("wrong").when().get("/api/v1/system/services").then()
                .statusCode(401)
                .body("detail", equalTo("the bearer token is not valid"));
    }

    @Test
    void listsEveryInternalServiceWithItsReadiness() {
        // The stub (UpstreamStubs) answers for every internal service.
        given().auth().oauth2("test-admin-token").when().get("/api/v1/system/services").then()
                .statusCode(200)
                .body("items", hasSize(4))
                .body("items.name", org.hamcrest.Matchers.contains("archive-service", "protocol-service",
                        "quota-service", "search-service"))
                .body("items.status", everyItem(equalTo("UP")));
    }
}
