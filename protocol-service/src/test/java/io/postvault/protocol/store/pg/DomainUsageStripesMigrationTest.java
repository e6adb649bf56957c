package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V44 on a database that has usage already: each account's usage goes to its stripe, what no account explains stays in
 * stripe 0, the sums are unchanged, and the allowances share the free space out.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DomainUsageStripesMigrationTest {

    @Test
    void existingUsageMovesToTheAccountsStripes() throws Exception {
        String schema = "v44_" + UUID.randomUUID().toString().substring(0, 8);
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String password = ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class);
        Flyway.configure().dataSource(url, user, password).schemas(schema).target("40").load().migrate();

        UUID alice = UUID.fromString("00000000-0000-4000-8000-000000000003"); // stripe 3
        UUID bob = UUID.fromString("00000000-0000-4000-8000-00000000000c"); // stripe 12
        UUID carol = UUID.fromString("00000000-0000-4000-8000-0000000000f3"); // stripe 3 too
        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, user, password)) {
            exec(c, "INSERT INTO domain (name, quota_bytes) VALUES ('old.test', 10000)");
            for (UUID id : List.of(alice, bob, carol)) {
                exec(c, "INSERT INTO account (id, domain, local_part, address, kind) VALUES ('" + id
                        + "', 'old.test', 'u" + id.toString().substring(34) + "', 'u" + id.toString().substring(34)
                        + "@old.test', 'PERSONAL')");
            }
            exec(c, "INSERT INTO account_usage VALUES ('" + alice + "', 1000, 2), ('" + bob + "', 300, 1), ('"
                    + carol + "', 200, 1)");
            // 100 bytes in one message that no account's counter explains: kept in stripe 0
            exec(c, "INSERT INTO domain_usage VALUES ('old.test', 1600, 5)");
        }
        Flyway.configure().dataSource(url, user, password).schemas(schema).load().migrate();

        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, user, password)) {
            assertThat(rows(c, "SELECT stripe, occupied_bytes, message_count FROM domain_usage"
                    + " WHERE occupied_bytes <> 0 ORDER BY stripe")).containsExactly(
                    List.of(0L, 100L, 1L), List.of(3L, 1200L, 3L), List.of(12L, 300L, 1L));
            assertThat(rows(c, "SELECT count(*), sum(occupied_bytes), sum(message_count), sum(allowance_bytes)"
                    + " FROM domain_usage")).containsExactly(List.of(16L, 1600L, 5L, 10000L));
            // free: 8,400 bytes, 525 for each stripe
            assertThat(rows(c, "SELECT allowance_bytes - occupied_bytes FROM domain_usage WHERE stripe = 12"))
                    .containsExactly(List.of(525L));
            exec(c, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<List<Long>> rows(Connection c, String sql) throws SQLException {
        List<List<Long>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Long> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getLong(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
