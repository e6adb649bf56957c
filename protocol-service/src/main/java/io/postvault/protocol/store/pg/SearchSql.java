package io.postvault.protocol.store.pg;

import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.SearchKey;
import io.postvault.protocol.store.SortCriterion;
import java.sql.Date;
import java.util.List;
import java.util.Map;

/** Compiles a {@link SearchKey} into a SQL condition over {@code message m}, with its parameters. */
final class SearchSql {

    private static final Map<String, String> HEADER_COLUMNS = Map.of("from", "m.hdr_from", "to", "m.hdr_to", "cc",
            "m.hdr_cc", "subject", "m.hdr_subject", "message-id", "m.hdr_message_id", "bcc", "(m.envelope->>'bcc')");

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
            if (column == null) {
                throw new MailboxException(MailboxException.Code.CANNOT,
                        "Searching the header " + header.header() + " is not supported yet");
            }
            if (header.text().isEmpty()) {
                return column + " IS NOT NULL";
            }
            parameters.add("%" + PgImapFolders.like(header.text()) + "%");
            return "coalesce(" + column + ", '') ILIKE ? ESCAPE '\\'";
        }
        if (key instanceof SearchKey.InternalDate date) {
            parameters.add(Date.valueOf(date.date()));
            return "(m.internal_date AT TIME ZONE 'UTC')::date " + operator(date.comparison()) + " ?";
        }
        if (key instanceof SearchKey.SentDate date) {
            parameters.add(Date.valueOf(date.date()));
            return "(m.hdr_date AT TIME ZONE 'UTC')::date " + operator(date.comparison()) + " ?";
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
        // SearchKey.Text is resolved to UIDs by TextKeys before SQL sees the key
        throw new IllegalArgumentException(key.toString());
    }

    /**
     * ORDER BY for SORT (RFC 5256 section 3): addresses by the mailbox of their first address, subjects by their base
     * subject (reply and forward prefixes and leading [tags] stripped, "(fwd)" trailers too), strings compared
     * i;ascii-casemap (lower case, byte order), missing values as empty strings; ties by UID.
     */
    static String orderBy(List<SortCriterion> criteria) {
        StringBuilder out = new StringBuilder();
        for (SortCriterion criterion : criteria) {
            String expression = switch (criterion.key()) {
                case ARRIVAL -> "m.internal_date";
                case DATE -> "coalesce(m.hdr_date, m.internal_date)";
                case SIZE -> "m.size";
                case FROM -> address("from");
                case TO -> address("to");
                case CC -> address("cc");
                case SUBJECT -> "regexp_replace(regexp_replace(lower(coalesce(m.hdr_subject, '')),"
                        + " '^(\\s*((re|fwd?|fw)(\\[[0-9]+\\])?:|\\[[^]]*\\]))*\\s*', ''),"
                        + " '(\\s*\\(fwd\\))*\\s*$', '') COLLATE \"C\"";
            };
            out.append(expression).append(criterion.reverse() ? " DESC, " : ", ");
        }
        return out.append("m.uid").toString();
    }

    private static String address(String field) {
        return "lower(coalesce(m.envelope->'" + field + "'->0->>'mailbox', '')) COLLATE \"C\"";
    }

    private static String operator(SearchKey.Comparison comparison) {
        return switch (comparison) {
            case BEFORE -> "<";
            case ON -> "=";
            case SINCE -> ">=";
        };
    }
}
