package io.postvault.gateway.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Requests as the bootstrap platform admin, or with an API token of a role and tenant made by it. */
final class Callers {

    static final String ADMIN_TOKEN = "test-admin-token";

    private Callers() {
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    /** A new API token of a domain's admin. */
    static String domainAdmin(String domain) {
        return token(Map.of("name", "admin of " + domain, "role", "DOMAIN_ADMIN", "domain", domain));
    }

    /** A new API token of one account. */
    static String user(String address) {
        return token(Map.of("name", "user " + address, "role", "USER", "address", address));
    }

    static String token(Map<String, String> body) {
        return admin().contentType(ContentType.JSON).body(new HashMap<>(body)).when().post("/api/v1/auth/tokens")
                .then().statusCode(201).extract().path("token");
    }
}
