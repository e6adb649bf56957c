package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.Mailbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of protocol-service's delivery-time quota check (JMH; run by {@code bench/run-quota-bench}, never by the
 * build): {@link PgQuotaLimits#fits(Mailbox, long)}, the quick check LMTP makes at RCPT, one query over this service's
 * own counters on a real PostgreSQL (the one {@code postvault up --infra} started: system properties
 * {@code bench.db.url}, {@code bench.db.username}, {@code bench.db.password}); and the arithmetic alone, which
 * delivery repeats under lock. No round trip to quota-service in either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QuotaCheckBenchmark {

    private AgroalDataSource dataSource;
    private PgQuotaLimits limits;
    private Mailbox mailbox;
    private long occupied = 9_000_000;

    @Setup
    public void setUp() throws SQLException {
        String url = System.getProperty("bench.db.url");
        String user = System.getProperty("bench.db.username", "postgres");
        String password = System.getProperty("bench.db.password", "postgres");
        Flyway.configure().dataSource(url, user, password).schemas("protocol").load().migrate();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(
                pool -> pool.minSize(1).maxSize(8).connectionFactoryConfiguration(factory -> factory
                        .jdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=protocol")
                        .principal(new NamePrincipal(user)).credential(new SimplePassword(password)))));
        String domain = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        UUID account = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            exec(c, "INSERT INTO domain (name, quota_bytes) VALUES (?, 10000000)", domain);
            exec(c, DomainUsage.CREATE, domain);
            exec(c, "UPDATE domain_usage SET occupied_bytes = 9000000, message_count = 9 WHERE domain = ? AND stripe = 0",
                    domain);
            exec(c, "INSERT INTO account (id, domain, local_part, address, kind, quota_bytes)"
                    + " VALUES (?, ?, 'alice', ?, 'PERSONAL', 5000000)", account, domain, "alice@" + domain);
            exec(c, "INSERT INTO account_usage (account_id, occupied_bytes, message_count) VALUES (?, 4000000, 4)",
                    account);
        }
        limits = new PgQuotaLimits(dataSource);
        mailbox = new Mailbox(account, "alice@" + domain, domain, AccountKind.PERSONAL);
    }

    @TearDown
    public void tearDown() {
        dataSource.close();
    }

    /** The quick check at RCPT: one indexed query joining the account, its domain and both counters. */
    @Benchmark
    public boolean quickCheckAgainstPostgres() {
        return limits.fits(mailbox, 10_240);
    }

    /** The arithmetic alone (what delivery repeats on the rows it has locked). */
    @Benchmark
    public boolean arithmetic() {
        occupied = occupied == 9_000_000 ? 9_995_000 : 9_000_000;
        return PgQuotaLimits.fits(10_000_000, occupied, 5_000_000L, 4_000_000, 10_240);
    }

    private static void exec(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        }
    }
}
