package io.postvault.search.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** The search API as the gateway calls it. */
public final class History {

    private History() {
    }

    public static JsonPath account(String address, Map<String, ?> params) {
        return get("/internal/accounts/{scope}/history", address, params);
    }

    public static JsonPath domain(String domain, Map<String, ?> params) {
        return get("/internal/domains/{scope}/history", domain, params);
    }

    private static JsonPath get(String path, String scope, Map<String, ?> params) {
        RequestSpecification request = given().queryParams(params);
        return request.when().get(path, scope).then().statusCode(200).extract().jsonPath();
    }

    /** The subjects of the hits of an account search for {@code q}. */
    public static List<String> subjects(String address, String q) {
        return account(address, Map.of("q", q)).getList("items.subject");
    }
}
