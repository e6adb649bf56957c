package io.postvault.protocol.store.pg;

import io.postvault.protocol.store.SearchKey;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles a {@link SearchKey} into a SQL condition over {@code message m}, with its parameters. */
final class SearchSql {

    /** The header fields kept in columns (decoded, unfolded); others are searched in the message (TextKeys). */
    private static final Map<String, String> HEADER_COLUMNS = Map.of("from", "m.hdr_from", "to", "m.hdr_to", "cc",
            "m.hdr_cc", "subject", "m.hdr_subject", "message-id", "m.hdr_message_id");
    /** The address fields whose parsed addresses the ENVELOPE keeps, searched beside the raw field. */
    private static final Set<String> ENVELOPE_ADDRESSES = Set.of("from", "to", "cc");
    /**
     * The day of the Date: header in its own zone (RFC 3501 section 6.4.4: SENT* keys disregard time and timezone):
     * the instant shifted by the numeric zone written at the end of the header ("+0200", "-0500 (EST)"); UTC when the
     * zone is not numeric.
     */
    private static final String SENT_DAY = "(m.hdr_date AT TIME ZONE coalesce((SELECT (substr(d.z, 1, 3) || ':'"
            + " || substr(d.z, 4, 2))::interval FROM (SELECT substring(m.envelope->>'date'"
            + " from '([+-][0-9]{2}[0-5][0-9])\\s*(\\([^)]*\\)\\s*)?$') AS z) d), interval '0'))::date";

    private SearchSql() {
    }

    static String where(SearchKey key, List<Object> parameters) {
        if (key instanceof SearchKey.And and) {
            if (and.keys().isEmpty()) {
                return "TRUE";
            }
            StringBuilder out = new StringBuilder();
            for (SearchKey k : and.keys()) {
                out.append(out.length() == 0 ? "(" : " AND (").append(where(k, parameters)).append(')');
            }
            return out.toString();
        }
        if (key instanceof SearchKey.Or or) {
            return "(" + where(or.left(), parameters) + ") OR (" + where(or.right(), parameters) + ")";
        }
        if (key instanceof SearchKey.Not not) {
            return "NOT (" + where(not.key(), parameters) + ")";
        }
        if (key instanceof SearchKey.Flag flag) {
            parameters.add(flag.flag());
            return (flag.set() ? "" : "NOT ") + "(? = ANY (m.flags))";
        }
        if (key instanceof SearchKey.UidRanges ranges) {
            long[] r = ranges.ranges();
            if (r.length == 0) {
                return "FALSE";
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < r.length; i += 2) {
                out.append(i == 0 ? "" : " OR ").append("m.uid BETWEEN ? AND ?");
                parameters.add(r[i]);
                parameters.add(r[i + 1]);
            }
            return out.toString();
        }
        if (key instanceof SearchKey.Header header) {
            String column = HEADER_COLUMNS.get(header.header());
            if (header.text().isEmpty()) {
                return column + " IS NOT NULL";
            }
            String pattern = "%" + PgImapFolders.like(header.text()) + "%";
            parameters.add(pattern);
            String raw = "coalesce(" + column + ", '') ILIKE ? ESCAPE '\\'";
            if (!ENVELOPE_ADDRESSES.contains(header.header())) {
                return raw;
            }
            parameters.add(pattern);
            return raw + " OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(m.envelope->'" + header.header()
                    + "', '[]'::jsonb)) a WHERE concat_ws(' ', a->>'name', (a->>'mailbox') || '@' || (a->>'host'))"
                    + " ILIKE ? ESCAPE '\\')";
        }
        if (key instanceof SearchKey.InternalDate date) {
            parameters.add(Date.valueOf(date.date()));
            return "(m.internal_date AT TIME ZONE 'UTC')::date " + operator(date.comparison()) + " ?";
        }
        if (key instanceof SearchKey.SentDate date) {
            parameters.add(Date.valueOf(date.date()));
            // no Date: header matches no SENT* key, and so matches its NOT (NULL would match neither)
            return "coalesce(" + SENT_DAY + " " + operator(date.comparison()) + " ?, false)";
        }
        if (key instanceof SearchKey.Size size) {
            parameters.add(size.size());
            return "m.size " + (size.larger() ? ">" : "<") + " ?";
        }
        if (key instanceof SearchKey.EmailId emailId) {
            parameters.add(emailId.blobIdPrefix());
            return "left(m.blob_id, " + emailId.blobIdPrefix().length() + ") = ?";
        }
        if (key instanceof SearchKey.ModSeq modseq) {
            parameters.add(modseq.modseq());
            return "m.modseq >= ?";
        }
        // SearchKey.Text, and Header without a column, are resolved to UIDs by TextKeys before SQL sees the key
        throw new IllegalArgumentException(key.toString());
    }

    /** True when the header field has a column, so SQL answers HEADER on it without reading the message. */
    static boolean hasColumn(SearchKey.Header header) {
        return HEADER_COLUMNS.containsKey(header.header());
    }

    private static String operator(SearchKey.Comparison comparison) {
        return switch (comparison) {
            case BEFORE -> "<";
            case ON -> "=";
            case SINCE -> ">=";
        };
    }
}
