package io.postvault.gateway.rest;

import io.postvault.gateway.api.History;
import io.postvault.gateway.auth.Allow;
import io.postvault.gateway.auth.Role;
import io.postvault.gateway.upstream.SearchClient;
import io.postvault.gateway.upstream.Upstreams;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A domain's message history, live and archived messages (served by search-service). */
@Path("/api/v1/domains/{domain}/history")
@Tag(name = "history")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class DomainHistoryResource {

    private final Upstreams.Search search;

    DomainHistoryResource(Upstreams.Search search) {
        this.search = search;
    }

    @GET
    @Allow(Role.DOMAIN_ADMIN)
    @Operation(summary = "Search the message history of every account of a domain, newest first or by relevance")
    @APIResponse(responseCode = "200", description = "a page of hits with snippets",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = History.Page.class)))
    @APIResponse(responseCode = "400", description = "an invalid parameter (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public History.Page search(@Parameter(example = "example.com") @PathParam("domain") String domain,
            @BeanParam HistoryFilters filters) {
        String name = Inputs.domain("domain", domain);
        SearchClient.Query query = filters.toQuery();
        return search.guard().read(() -> search.client().domain(name, query));
    }
}
