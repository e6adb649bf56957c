package io.postvault.protocol.store.pg;

import io.postvault.protocol.mime.AsciiCasemap;
import io.postvault.protocol.mime.BaseSubject;
import io.postvault.protocol.store.SortCriterion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SORT (RFC 5256 section 3): SQL reads each message's UID and the values of the sort keys ({@link #columns}); the order
 * is made here, because base subjects (RFC 5256 section 2.1) and i;ascii-casemap (RFC 4790 section 9.2) are not
 * expressions PostgreSQL has. Keys that are all times and sizes are ordered by PostgreSQL instead
 * ({@link #inSql}). Addresses sort by the mailbox (local part) of the field's first address; a missing
 * value is the empty string; messages equal on every key keep UID order.
 */
final class SortOrder {

    /** A message to sort: its UID and one value per criterion (Long or String). */
    record Row(long uid, Comparable<?>[] values) {
    }

    private SortOrder() {
    }

    /**
     * True when every key is a time or a size, which PostgreSQL orders exactly as RFC 5256 does: then it sorts
     * ({@link #orderBy}) and the JVM holds only the UIDs, not a row per message.
     */
    static boolean inSql(List<SortCriterion> criteria) {
        return criteria.stream().allMatch(c -> switch (c.key()) {
            case ARRIVAL, DATE, SIZE -> true;
            case SUBJECT, FROM, TO, CC -> false;
        });
    }

    /** The ORDER BY of criteria that are all {@link #inSql}; equal messages in UID order, as {@link #comparator}. */
    static String orderBy(List<SortCriterion> criteria) {
        StringBuilder out = new StringBuilder();
        for (SortCriterion criterion : criteria) {
            out.append(column(criterion)).append(criterion.reverse() ? " DESC, " : ", ");
        }
        return out.append("m.uid").toString();
    }

    /** The select list after "m.uid": one column per criterion. */
    static String columns(List<SortCriterion> criteria) {
        StringBuilder out = new StringBuilder();
        for (SortCriterion criterion : criteria) {
            out.append(", ").append(column(criterion));
        }
        return out.toString();
    }

    private static String column(SortCriterion criterion) {
        return switch (criterion.key()) {
            case ARRIVAL -> "m.internal_date";
            case DATE -> "coalesce(m.hdr_date, m.internal_date)"; // section 2.2: INTERNALDATE when no Date:
            case SIZE -> "m.size";
            case SUBJECT -> "coalesce(m.envelope->>'subject', m.hdr_subject)";
            case FROM, TO, CC -> "m.envelope->'" + criterion.key().name().toLowerCase(Locale.ROOT) + "'->0->>'mailbox'";
        };
    }

    /** The row at the result set's cursor, read from the columns {@link #columns} listed. */
    static Row row(ResultSet rs, List<SortCriterion> criteria) throws SQLException {
        Comparable<?>[] values = new Comparable<?>[criteria.size()];
        for (int i = 0; i < values.length; i++) {
            int column = i + 2;
            values[i] = switch (criteria.get(i).key()) {
                case ARRIVAL, DATE -> rs.getTimestamp(column).getTime();
                case SIZE -> rs.getLong(column);
                case SUBJECT -> BaseSubject.of(rs.getString(column));
                case FROM, TO, CC -> rs.getString(column) == null ? "" : rs.getString(column);
            };
        }
        return new Row(rs.getLong(1), values);
    }

    static Comparator<Row> comparator(List<SortCriterion> criteria) {
        Comparator<Row> order = null;
        for (int i = 0; i < criteria.size(); i++) {
            int index = i;
            Comparator<Row> key = (a, b) -> compare(a.values()[index], b.values()[index]);
            key = criteria.get(i).reverse() ? key.reversed() : key;
            order = order == null ? key : order.thenComparing(key);
        }
        Comparator<Row> byUid = Comparator.comparingLong(Row::uid);
        return order == null ? byUid : order.thenComparing(byUid);
    }

    private static int compare(Comparable<?> a, Comparable<?> b) {
        if (a instanceof String x) {
            return AsciiCasemap.compare(x, (String) b);
        }
        return Long.compare((Long) a, (Long) b);
    }
}
