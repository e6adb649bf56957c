package io.postvault.protocol.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A set of UIDs as a query condition. A few go as {@code uid = ANY (array)}; many in a dense run (FETCH 1:*, a SEARCH
 * within the whole view) as a UID range, with the rows outside the set dropped by {@link #contains}: matching a
 * 100,000-element array parameter costs PostgreSQL far more than scanning the range, and sending it costs 700 KB.
 */
final class UidSet {

    /** Up to this many UIDs always go as an array. */
    private static final int ARRAY_MAX = 64;
    /** A range is used when it spans at most this many UIDs per UID of the set (a dense set). */
    private static final int DENSITY = 4;

    private final long[] uids;
    private final boolean range;

    /** @param uids ascending, or null for every message */
    UidSet(long[] uids) {
        this.uids = uids;
        this.range = uids != null && uids.length > ARRAY_MAX && ascending(uids)
                && uids[uids.length - 1] - uids[0] < (long) DENSITY * uids.length;
    }

    /** The condition on {@code column}, with the parameters {@link #bind} sets. */
    String condition(String column) {
        if (uids == null) {
            return "TRUE";
        }
        return range ? column + " BETWEEN ? AND ?" : column + " = ANY (?)";
    }

    /** Sets the parameters of {@link #condition} from {@code index}; returns the next parameter index. */
    int bind(Connection c, PreparedStatement ps, int index) throws SQLException {
        if (uids == null) {
            return index;
        }
        if (range) {
            ps.setLong(index, uids[0]);
            ps.setLong(index + 1, uids[uids.length - 1]);
            return index + 2;
        }
        Object[] boxed = new Object[uids.length];
        for (int i = 0; i < uids.length; i++) {
            boxed[i] = uids[i];
        }
        ps.setArray(index, c.createArrayOf("bigint", boxed));
        return index + 1;
    }

    /** Whether a row the condition selected is in the set (a range also selects the UIDs between the set's). */
    boolean contains(long uid) {
        return !range || Arrays.binarySearch(uids, uid) >= 0;
    }

    private static boolean ascending(long[] uids) {
        for (int i = 1; i < uids.length; i++) {
            if (uids[i] <= uids[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
