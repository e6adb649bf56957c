package io.postvault.protocol.quota;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.pg.StoreException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The domains whose occupied space is past the alert percentage of their quota, read from this service's own exact
 * counters (the ones every delivery and removal updates) once per refresh, with one query for all domains: an IMAP
 * command only looks the domain up in memory, with no query and no round trip to quota-service. Each stretch of time a
 * domain spends past the threshold is one crossing, numbered, so a session alerts once per crossing.
 *
 * <p>Why not from quota-service's {@code quota.warning}: that event says when a domain crossed, not when it fell back,
 * and one consumer group would give it to one replica only; the counters here are exact and on every replica.
 */
@ApplicationScoped
public class NearlyFullDomains {

    /** One crossing of the threshold: its number, and the figures when last read. */
    public record Fill(long crossing, long occupiedBytes, long quotaBytes) {
    }

    private final AgroalDataSource dataSource;
    private final QuotaAlertConfig config;
    private final AtomicLong crossings = new AtomicLong();
    private volatile Map<String, Fill> nearlyFull = Map.of();

    NearlyFullDomains(AgroalDataSource dataSource, QuotaAlertConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** The domain's current crossing, if it is past the threshold (as of the last refresh). Non-blocking. */
    public Optional<Fill> of(String domain) {
        return Optional.ofNullable(nearlyFull.get(domain));
    }

    /** A new session's view of the alerts. */
    public QuotaAlert session() {
        return new QuotaAlert(this);
    }

    /** Reads the domains past the threshold. A domain still past it keeps its crossing number. Blocking. */
    @Scheduled(every = "${postvault.quota-alert.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        Map<String, Fill> before = nearlyFull;
        Map<String, Fill> now = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT d.name, sum(u.occupied_bytes), d.quota_bytes
                     FROM domain d JOIN domain_usage u ON u.domain = d.name WHERE d.state = 'ACTIVE'
                     GROUP BY d.name HAVING sum(u.occupied_bytes) * 100 > d.quota_bytes * ?""")) {
            ps.setInt(1, config.percent());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String domain = rs.getString(1);
                    Fill previous = before.get(domain);
                    long crossing = previous != null ? previous.crossing() : crossings.incrementAndGet();
                    now.put(domain, new Fill(crossing, rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the nearly full domains: " + e.getMessage(), e);
        }
        nearlyFull = Map.copyOf(now);
    }
}
