package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called by a tenant against another tenant: a domain admin of
 * {@code a.example} and a user {@code alice@a.example} against {@code b.example}, and that user against her colleague
 * {@code bob@a.example}. Each must answer 404 (as a missing domain or account would) and never reach an internal
 * service. The list of operations comes from the served document, so a new path is in the matrix the moment it is
 * published; a path without a tenant in it must be listed in {@link #UNSCOPED} with what a domain admin gets there.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class TenancyMatrixTest {

    /** Operations with no tenant in the path, and what a domain admin of a.example gets (0: its own scope, tested in
     * AuthResourceTest/TokenResourceTest; not called here because it would change the caller's own state). */
    static final Map<String, Integer> UNSCOPED = Map.of(
            "POST /api/v1/domains", 403,
            "GET /api/v1/system/services", 403,
            "POST /api/v1/admin/reindex", 403,
            "GET /api/v1/tasks/{id}", 403,
            "POST /api/v1/auth/login", 0,
            "POST /api/v1/auth/logout", 0,
            "GET /api/v1/auth/me", 200,
            "GET /api/v1/auth/tokens", 200,
            "POST /api/v1/auth/tokens", 0,
            "DELETE /api/v1/auth/tokens/{id}", 0);

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    private static String domainAdmin;
    private static String alice;

    @BeforeEach
    void tokens() {
        if (domainAdmin == null) {
            domainAdmin = Callers.domainAdmin("a.example");
            alice = Callers.user("alice@a.example");
        }
    }

    /** "METHOD /path" of every public operation in the served OpenAPI document. */
    static List<String> operations() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> operations = new ArrayList<>();
        new TreeMap<>(paths).forEach((path, item) -> item.keySet().stream().filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
        return operations.stream().filter(o -> o.contains(" /api/")).toList();
    }

    private static String fill(String path, Map<String, String> values) {
        Matcher m = PARAM.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertThat(value).as("a value for {%s} in %s: add it to this test", m.group(1), path).isNotNull();
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return m.appendTail(filled).toString();
    }

    private static Response call(String token, String operation, Map<String, String> values) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = fill(operation.substring(operation.indexOf(' ') + 1), values);
        return as(token).contentType(ContentType.JSON).body("{}").when().request(method, path);
    }

    private static boolean scoped(String operation) {
        return operation.contains("{domain}") || operation.contains("{address}");
    }

    @Test
    void theMatrixCoversEveryPublishedOperation() {
        List<String> operations = operations();
        assertThat(operations).hasSizeGreaterThan(15);
        assertThat(operations.stream().filter(o -> !scoped(o)))
                .as("operations without {domain} or {address}: say in UNSCOPED what a domain admin gets there")
                .containsExactlyInAnyOrderElementsOf(UNSCOPED.keySet());
    }

    @Test
    void noTenantReachesAnotherDomain() {
        Map<String, String> domainB = Map.of("domain", "b.example", "address", "carol@b.example",
                "localPart", "carol", "shared", "team", "user", "carol", "id", UpstreamStubs.ENTRY_ID);
        for (String operation : operations().stream().filter(TenancyMatrixTest::scoped).toList()) {
            for (String token : List.of(domainAdmin, alice)) {
                Response answer = call(token, operation, domainB);
                assertThat(answer.statusCode()).as("%s by %s", operation, token == alice ? "alice" : "admin of A")
                        .isEqualTo(404);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.jsonPath().getString("type")).endsWith("/not-found");
                // the access filter's answer, not a route that does not exist
                assertThat(answer.jsonPath().getString("detail")).as(operation)
                        .isIn("no domain b.example", "no account carol@b.example");
            }
        }
        assertThat(StubHits.containing(stub, "b.example")).as("calls of internal services about b.example").isZero();
    }

    @Test
    void aUserReachesNoOtherAccountOfTheirDomain() {
        Map<String, String> bob = Map.of("domain", "a.example", "address", "bob@a.example", "localPart", "bob",
                "id", UpstreamStubs.ENTRY_ID);
        for (String operation : operations().stream()
                .filter(o -> o.contains("{address}") || o.contains("{localPart}")).toList()) {
            Response answer = call(alice, operation, bob);
            assertThat(answer.statusCode()).as(operation).isEqualTo(404);
            assertThat(answer.jsonPath().getString("detail")).as(operation).isEqualTo("no account bob@a.example");
        }
    }

    @Test
    void aDomainAdminOnPathsWithoutATenant() {
        UNSCOPED.forEach((operation, status) -> {
            if (status != 0) {
                assertThat(call(domainAdmin, operation, Map.of("id", UpstreamStubs.TASK_ID)).statusCode()).as(operation)
                        .isEqualTo(status);
            }
        });
    }
}
