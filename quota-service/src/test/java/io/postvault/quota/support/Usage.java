package io.postvault.quota.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

/** The live ledger figures, read through the usage API. */
public record Usage(long occupiedBytes, long occupiedCount, long archiveBytes, long archiveCount) {

    public static Usage ofDomain(String domain) {
        return read("/internal/domains/" + domain + "/usage");
    }

    public static Usage ofAccount(String address) {
        return read("/internal/accounts/" + address + "/usage");
    }

    private static Usage read(String path) {
        JsonPath json = given().when().get(path).then().statusCode(200).extract().jsonPath();
        return new Usage(json.getLong("live.occupiedBytes"), json.getLong("live.occupiedCount"),
                json.getLong("live.archiveBytes"), json.getLong("live.archiveCount"));
    }
}
