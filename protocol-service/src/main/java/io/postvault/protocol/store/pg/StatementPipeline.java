package io.postvault.protocol.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several SQL statements sent to PostgreSQL in ONE network round trip, executed in order, in the caller's
 * transaction. PgJDBC sends a prepared statement made of several {@code ;}-separated statements as one batch (each
 * statement parsed, bound and executed, then a single Sync) and numbers their parameters in sequence; the results are
 * read back in order. The first statement that fails aborts the transaction, so the later ones do nothing.
 *
 * <p>Why: a delivery or a removal is a dozen small statements whose cost on a busy machine is mostly round trips
 * (a context switch on each side per statement), not the statements themselves.
 */
public final class StatementPipeline {

    /** What one statement gave: rows (each an array of column values) for a query, else the update count. */
    public record Result(List<Object[]> rows, int updateCount) {
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();
    private int statements;

    /** Adds a statement; its {@code ?} are bound to {@code values} (arrays of Long/String/UUID/byte[] become SQL arrays). */
    public StatementPipeline add(String statement, Object... values) {
        if (statements++ > 0) {
            sql.append(";\n");
        }
        sql.append(statement);
        parameters.addAll(Arrays.asList(values)); // nulls allowed: SQL NULL
        return this;
    }

    /** How many statements were added (the index the next one's result will have). */
    public int size() {
        return statements;
    }

    /** Sends every statement at once and returns their results, one per statement, in order. */
    public List<Result> execute(Connection c) throws SQLException {
        List<Result> results = new ArrayList<>(statements);
        if (statements == 0) {
            return results;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, bindable(c, parameters.get(i)));
            }
            boolean isQuery = ps.execute();
            while (true) {
                if (isQuery) {
                    results.add(new Result(rows(ps.getResultSet()), -1));
                } else {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    results.add(new Result(List.of(), count));
                }
                isQuery = ps.getMoreResults();
            }
        }
        if (results.size() != statements) {
            throw new SQLException("expected " + statements + " results, got " + results.size());
        }
        return results;
    }

    private static Object bindable(Connection c, Object value) throws SQLException {
        if (value instanceof Long[] longs) {
            return c.createArrayOf("bigint", longs);
        } else if (value instanceof String[] strings) {
            return c.createArrayOf("text", strings);
        } else if (value instanceof java.util.UUID[] uuids) {
            return c.createArrayOf("uuid", uuids);
        } else if (value instanceof byte[][] bytes) {
            return c.createArrayOf("bytea", bytes);
        }
        return value;
    }

    private static List<Object[]> rows(ResultSet rs) throws SQLException {
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
