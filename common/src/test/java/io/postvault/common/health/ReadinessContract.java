package io.postvault.common.health;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.withArgs;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every service's readiness really checks the servers it depends on: a test class of each service implements this
 * contract, names its checks, and runs against the real PostgreSQL, Kafka and S3 that the test suite started.
 */
public interface ReadinessContract {

    /** Names of the readiness checks this service must report UP (database, Kafka, S3 ...). */
    List<String> backingChecks();

    @Test
    default void readyOnlyWithEveryBackingServerUp() {
        String[] names = backingChecks().toArray(String[]::new);
        var body = given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(names));
        for (String name : names) {
            body.body("checks.find { it.name == '%s' }.status", withArgs(name), equalTo("UP"));
        }
    }

    @Test
    default void aliveAndExposingMetricsAndOpenApi() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
