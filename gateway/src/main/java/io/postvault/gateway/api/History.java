package io.postvault.gateway.api;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The message history (served by search-service, io.postvault.search.query.SearchResult). */
public final class History {

    private History() {
    }

    /** A page of hits, the total number of hits and the cursor of the next page. */
    @Schema(name = "HistoryPage")
    public record Page(List<Hit> items, long total, @Schema(nullable = true) String nextCursor) {
    }

    /** One message found, live or archived. */
    @Schema(name = "HistoryHit")
    public record Hit(String address, String domain, @Schema(enumeration = {"live", "archived"}) String status,
            @Schema(enumeration = {"received", "sent"}) String direction, @Schema(nullable = true) String folder,
            Instant date, long size, String from, String to, @Schema(nullable = true) String cc, String subject,
            @Schema(nullable = true) String messageId, boolean hasAttachments, List<String> attachments,
            @Schema(nullable = true, description = "a live message's \\Seen; null when archived") Boolean seen,
            @Schema(nullable = true, description = "a live message's \\Flagged; null when archived") Boolean flagged,
            @Schema(description = "matching passages, the matches in <b>...</b>") List<String> snippets,
            @Schema(nullable = true, description = "relevance (sort=relevance)") Float score, Link link) {
    }

    /**
     * How to open the message: {@code live} by folder and UID, {@code archive} by archive entry id (then
     * {@code GET /api/v1/accounts/{address}/archive/{archiveId}/raw}).
     */
    @Schema(name = "HistoryLink")
    public record Link(@Schema(enumeration = {"live", "archive"}) String kind, String address,
            @Schema(nullable = true) String folder, @Schema(nullable = true) Long uidValidity,
            @Schema(nullable = true) Long uid, @Schema(nullable = true) String archiveId) {
    }
}
