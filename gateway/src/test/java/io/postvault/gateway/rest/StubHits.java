package io.postvault.gateway.rest;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

/** What the upstream stub saw of a path (see UpstreamStubs); the query string decoded. */
record StubHits(int count, String query, String body) {

    /** How many requests reached any path containing {@code part}. */
    static int containing(String stubUrl, String part) {
        return given().baseUri(stubUrl).queryParam("containing", part).when().get("/__stub/hits")
                .then().statusCode(200).extract().jsonPath().getInt("count");
    }

    static StubHits of(String stubUrl, String path) {
        JsonPath json = given().baseUri(stubUrl).queryParam("path", path).when().get("/__stub/hits")
                .then().statusCode(200).extract().jsonPath();
        return new StubHits(json.getInt("count"),
                java.net.URLDecoder.decode(json.getString("query"), java.nio.charset.StandardCharsets.UTF_8),
                json.getString("body"));
    }
}
