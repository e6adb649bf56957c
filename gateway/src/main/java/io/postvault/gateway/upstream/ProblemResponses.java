package io.postvault.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.gateway.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns an internal service's error answer into an {@link UpstreamProblem}: its problem+json as it is (status, type,
 * title, detail, field); an answer without a problem document becomes a 502 naming the service.
 */
public class ProblemResponses implements ResponseExceptionMapper<UpstreamProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough for any problem document; a longer error body is not one. */
    static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final String service;

    public ProblemResponses(String service) {
        this.service = service;
    }

    @Override
    public UpstreamProblem toThrowable(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return of(response.getStatus(), body);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** The problem an error answer with this status and body stands for. */
    public UpstreamProblem of(int status, String body) {
        Problem problem = parse(status, body);
        return new UpstreamProblem(problem != null ? problem : Problem.of("bad-gateway", Response.Status.BAD_GATEWAY,
                service + " answered " + status + " without a problem document"));
    }

    private static Problem parse(int status, String body) {
        if (body == null || body.isBlank() || body.length() > MAX_PROBLEM_BYTES) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.hasNonNull("type") || !node.get("type").isTextual()) {
                return null;
            }
            return new Problem(URI.create(node.get("type").asText()), text(node, "title"), status,
                    text(node, "detail"), text(node, "field"));
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
