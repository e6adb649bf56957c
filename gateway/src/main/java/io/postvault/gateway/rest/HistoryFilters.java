package io.postvault.gateway.rest;

import io.postvault.gateway.upstream.SearchClient;
import jakarta.ws.rs.QueryParam;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of a history search (domain or account), checked with search-service's rules. */
public class HistoryFilters {

    /** search-service's largest page. */
    static final int MAX_PAGE = 200;

    @Parameter(description = "free text (Lucene syntax: words, \"phrases\", AND/OR/NOT)")
    @QueryParam("q") public String q;
    @Parameter(description = "text in From") @QueryParam("from") public String from;
    @Parameter(description = "text in To or Cc") @QueryParam("to") public String to;
    @Parameter(description = "ISO-8601 UTC, inclusive", example = "2026-01-01T00:00:00Z")
    @QueryParam("after") public String after;
    @Parameter(description = "ISO-8601 UTC, exclusive") @QueryParam("before") public String before;
    @Parameter(schema = @Schema(enumeration = {"received", "sent"})) @QueryParam("direction")
    public String direction;
    @Parameter(schema = @Schema(enumeration = {"live", "archived"})) @QueryParam("status") public String status;
    @Parameter(description = "the folder of a live message", example = "INBOX") @QueryParam("folder")
    public String folder;
    @Parameter(schema = @Schema(enumeration = {"true", "false"})) @QueryParam("hasAttachment")
    public String hasAttachment;
    @Parameter(description = "live messages with (true) or without (false) \\Seen; on a shared account the flag"
            + " stored on the message, not a user's own", schema = @Schema(enumeration = {"true", "false"}))
    @QueryParam("seen") public String seen;
    @Parameter(description = "live messages with (true) or without (false) \\Flagged",
            schema = @Schema(enumeration = {"true", "false"}))
    @QueryParam("flagged") public String flagged;
    @Parameter(schema = @Schema(enumeration = {"date", "relevance"}, defaultValue = "date"))
    @QueryParam("sort") public String sort;
    @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") public String cursor;
    @Parameter(description = "page size, 1-" + MAX_PAGE) @QueryParam("limit") public String limit;

    /** The filters checked with search-service's rules, in its spelling (lower case). */
    SearchClient.Query toQuery() {
        SearchClient.Query query = new SearchClient.Query();
        query.q = Inputs.text("q", q);
        query.from = Inputs.text("from", from);
        query.to = Inputs.text("to", to);
        query.after = Inputs.instant("after", after);
        query.before = Inputs.instant("before", before);
        query.direction = lower(Inputs.oneOf("direction", direction, false, "RECEIVED", "SENT"));
        query.status = lower(Inputs.oneOf("status", status, false, "LIVE", "ARCHIVED"));
        query.folder = Inputs.text("folder", folder);
        query.hasAttachment = lower(Inputs.oneOf("hasAttachment", hasAttachment, false, "TRUE", "FALSE"));
        query.seen = lower(Inputs.oneOf("seen", seen, false, "TRUE", "FALSE"));
        query.flagged = lower(Inputs.oneOf("flagged", flagged, false, "TRUE", "FALSE"));
        query.sort = lower(Inputs.oneOf("sort", sort, false, "DATE", "RELEVANCE"));
        query.cursor = Inputs.cursor("cursor", cursor);
        query.limit = Inputs.limit("limit", limit, MAX_PAGE);
        return query;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
