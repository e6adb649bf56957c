package io.postvault.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is valid OpenAPI 3 and lists the public paths of ARCHITECTURE.md. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class OpenApiDocumentTest {

    /** ARCHITECTURE.md's public API, as "METHOD path" (its parameter names as the gateway spells them). */
    static final List<String> ARCHITECTURE = List.of(
            "POST /api/v1/auth/login",
            "POST /api/v1/domains",
            "GET /api/v1/domains/{domain}",
            "PUT /api/v1/domains/{domain}/plan",
            "DELETE /api/v1/domains/{domain}",
            "GET /api/v1/domains/{domain}/usage",
            "GET /api/v1/domains/{domain}/usage/history",
            "POST /api/v1/domains/{domain}/accounts",
            "GET /api/v1/domains/{domain}/accounts",
            "DELETE /api/v1/domains/{domain}/accounts/{localPart}",
            "PUT /api/v1/domains/{domain}/accounts/{localPart}/password",
            "PUT /api/v1/domains/{domain}/accounts/{localPart}/role",
            "PUT /api/v1/domains/{domain}/accounts/{shared}/acl/{user}",
            "GET /api/v1/domains/{domain}/history",
            "GET /api/v1/accounts/{address}/history",
            "GET /api/v1/accounts/{address}/archive",
            "GET /api/v1/accounts/{address}/archive/{id}",
            "GET /api/v1/accounts/{address}/archive/{id}/raw",
            "POST /api/v1/accounts/{address}/archive/{id}/restore",
            "DELETE /api/v1/accounts/{address}/archive/{id}",
            "GET /api/v1/accounts/{address}/backup",
            "POST /api/v1/admin/reindex",
            "GET /api/v1/tasks/{id}");

    @Test
    void theDocumentIsValidOpenApi() {
        String json = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        SwaggerParseResult parsed = new OpenAPIParser().readContents(json, null, null);
        assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
    }

    @Test
    void itListsEveryPathOfTheArchitecture() {
        List<String> missing = new ArrayList<>(ARCHITECTURE);
        missing.removeAll(TenancyMatrixTest.operations());
        assertThat(missing).isEmpty();
    }
}
