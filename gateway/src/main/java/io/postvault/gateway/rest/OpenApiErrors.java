package io.postvault.gateway.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the errors every public path can answer (401 without a valid token, 503 when the service behind it is
 * unavailable, 500) to each operation of {@code /api/}, so that the annotations name only each path's own.
 */
public class OpenApiErrors implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(OpenApiErrors::addCommonErrors);
            }
        });
    }

    private static void addCommonErrors(Operation operation) {
        APIResponses responses = operation.getResponses();
        add(responses, "401", "no bearer token, or not a valid one");
        add(responses, "503", "the internal service behind this path is unavailable (type .../service-unavailable)");
        add(responses, "500", "an unexpected failure (never with a stack trace)");
    }

    private static void add(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem")))));
    }

}
