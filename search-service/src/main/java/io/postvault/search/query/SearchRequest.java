package io.postvault.search.query;

import java.time.Instant;

/**
 * One search of the message history.
 *
 * @param scope         whose messages: one account or a whole domain
 * @param text          the free-text query (Lucene classic syntax: words, "phrases", field:word, AND/OR/NOT); blank
 *                      for every message
 * @param from          sender address or domain, exact; null for any
 * @param to            recipient (To or Cc) address or domain, exact; null for any
 * @param after         messages dated at or after this instant; null for no bound
 * @param before        messages dated before this instant; null for no bound
 * @param direction     {@code received} or {@code sent}; null for both
 * @param status        {@code live} or {@code archived}; null for both
 * @param folder        folder (live) or origin folder (archived); null for any
 * @param hasAttachment true or false; null for any
 * @param seen          true or false: live messages with or without \Seen; null for any message
 * @param flagged       true or false: live messages with or without \Flagged; null for any message
 * @param cursor        the {@code nextCursor} of the previous page; null for the first
 */
public record SearchRequest(Scope scope, String text, String from, String to, Instant after, Instant before,
                            String direction, String status, String folder, Boolean hasAttachment, Boolean seen,
                            Boolean flagged, SortOrder sort, int limit, String cursor) {

    /** The messages searched: those of one account (by address) or of one domain. */
    public record Scope(Kind kind, String name) {
        public enum Kind { ACCOUNT, DOMAIN }

        public static Scope account(String address) {
            return new Scope(Kind.ACCOUNT, address);
        }

        public static Scope domain(String domain) {
            return new Scope(Kind.DOMAIN, domain);
        }
    }

    /** Newest first, or best match first (newest first among equals). */
    public enum SortOrder { DATE, RELEVANCE }
}
