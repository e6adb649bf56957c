package io.postvault.gateway.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the errors every public path can answer (401 without a valid token, 403 for a role that may not, 404 for a
 * domain or account outside the caller's tenant, 503 when the service behind it is unavailable, 500) to each
 * operation of {@code /api/}, so that the annotations name only each path's own.
 */
public class OpenApiErrors implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                boolean tenant = path.contains("{domain}") || path.contains("{address}");
                item.getOperations().values().forEach(operation -> addCommonErrors(operation, tenant));
            }
        });
    }

    private static void addCommonErrors(Operation operation, boolean tenant) {
        APIResponses responses = operation.getResponses();
        boolean anonymous = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        if (!anonymous) {
            add(responses, "401", "no bearer token, or not a valid one");
            add(responses, "403", "the caller's role may not do this in its own tenant (type .../forbidden)");
        }
        if (tenant) {
            add(responses, "404", "no such domain or account, or one outside the caller's tenant (the two are "
                    + "never told apart)");
        }
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
