package io.postvault.search.rest;

import io.postvault.common.rest.ProblemException;
import io.postvault.search.config.SearchConfig;
import io.postvault.search.query.InvalidCursorException;
import io.postvault.search.query.SearchRequest.Scope;
import io.postvault.search.query.SearchRequest.SortOrder;
import io.postvault.search.query.SearchRequest;
import io.postvault.search.query.SearchResult;
import io.postvault.search.query.SearchService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * The message history (internal; the gateway exposes it per tenant): {@code GET /internal/accounts/{address}/history}
 * and {@code GET /internal/domains/{domain}/history}, with the same parameters. A domain search only ever sees that
 * domain's documents.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SearchResource {

    private final SearchService search;
    private final SearchConfig config;

    SearchResource(SearchService search, SearchConfig config) {
        this.search = search;
        this.config = config;
    }

    @GET
    @Path("/accounts/{address}/history")
    public SearchResult account(@PathParam("address") String address, @QueryParam("q") String q,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("direction") String direction,
            @QueryParam("status") String status, @QueryParam("folder") String folder,
            @QueryParam("hasAttachment") String hasAttachment, @QueryParam("seen") String seen,
            @QueryParam("flagged") String flagged, @QueryParam("sort") String sort,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return run(Scope.account(address), q, from, to, after, before, direction, status, folder, hasAttachment, seen,
                flagged, sort, limit, cursor);
    }

    @GET
    @Path("/domains/{domain}/history")
    public SearchResult domain(@PathParam("domain") String domain, @QueryParam("q") String q,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("after") String after,
            @QueryParam("before") String before, @QueryParam("direction") String direction,
            @QueryParam("status") String status, @QueryParam("folder") String folder,
            @QueryParam("hasAttachment") String hasAttachment, @QueryParam("seen") String seen,
            @QueryParam("flagged") String flagged, @QueryParam("sort") String sort,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return run(Scope.domain(domain), q, from, to, after, before, direction, status, folder, hasAttachment, seen,
                flagged, sort, limit, cursor);
    }

    private SearchResult run(Scope scope, String q, String from, String to, String after, String before,
            String direction, String status, String folder, String hasAttachment, String seen, String flagged,
            String sort, Integer limit, String cursor) {
        int size = limit == null ? config.api().defaultPageSize() : limit;
        if (size < 1 || size > config.api().maxPageSize()) {
            throw ProblemException.invalid("limit", "must be between 1 and " + config.api().maxPageSize());
        }
        SortOrder order = sort == null ? SortOrder.DATE : switch (sort.toLowerCase(Locale.ROOT)) {
            case "date" -> SortOrder.DATE;
            case "relevance" -> SortOrder.RELEVANCE;
            default -> throw ProblemException.invalid("sort", "must be date or relevance");
        };
        SearchRequest request = new SearchRequest(scope, q, blankToNull(from), blankToNull(to),
                instant("after", after), instant("before", before), oneOf("direction", direction, "received", "sent"),
                oneOf("status", status, "live", "archived"), blankToNull(folder),
                bool("hasAttachment", hasAttachment), bool("seen", seen), bool("flagged", flagged), order, size,
                blankToNull(cursor));
        try {
            return search.search(request);
        } catch (InvalidCursorException e) {
            throw ProblemException.invalid("cursor", e.getMessage());
        }
    }

    private static Boolean bool(String parameter, String value) {
        String lower = oneOf(parameter, value, "true", "false");
        return lower == null ? null : Boolean.valueOf(lower);
    }

    private static String oneOf(String parameter, String value, String... allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!Set.of(allowed).contains(lower)) {
            throw ProblemException.invalid(parameter, "must be one of " + String.join(", ", allowed));
        }
        return lower;
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(parameter, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
