package io.postvault.quota.rest;

import io.postvault.common.rest.Problem;
import io.postvault.common.rest.ProblemException;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.config.QuotaConfig;
import io.postvault.quota.gauge.GaugeJob;
import io.postvault.quota.gauge.Snapshots;
import io.postvault.quota.ledger.LedgerRow;
import io.postvault.quota.ledger.UsageLedger;
import io.postvault.quota.messaging.QuotaEventPublisher;
import io.postvault.quota.plan.PlanService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Internal REST for the gateway: plans (domain quota, account cap), the gauge per domain and account, its daily
 * history (and a snapshot on request), and the accounts of a domain sorted by usage. Errors are
 * {@code application/problem+json}.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private static final Logger LOG = Logger.getLogger(QuotaResource.class);

    /** A plan: {@code quotaBytes} of the domain, or the account's cap (null: none). */
    public record Plan(String domain, String address, Long quotaBytes) {
    }

    /** Body of PUT .../plan. */
    public record PlanChange(Long quotaBytes) {
    }

    /** A list, as every list of the API. */
    public record Items<T>(List<T> items) {
    }

    /** One account of a usage ranking. */
    public record AccountUsage(String address, Long quotaBytes, long occupiedBytes, long occupiedCount,
                               long archiveBytes, long archiveCount, long usedBytes, boolean deleted) {
    }

    private final PlanService plans;
    private final UsageLedger ledger;
    private final Snapshots snapshots;
    private final QuotaEventPublisher publisher;
    private final QuotaConfig.Gauge gauge;
    private final GaugeJob gaugeJob;

    QuotaResource(PlanService plans, UsageLedger ledger, Snapshots snapshots, QuotaEventPublisher publisher,
            QuotaConfig config, GaugeJob gaugeJob) {
        this.plans = plans;
        this.ledger = ledger;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.gauge = config.gauge();
        this.gaugeJob = gaugeJob;
    }

    @GET
    @Path("domains/{domain}/plan")
    public Plan domainPlan(@PathParam("domain") String domain) {
        LedgerRow row = plans.domain(domain).orElseThrow(() -> noDomain(domain));
        return new Plan(row.domain(), null, row.quotaBytes());
    }

    @PUT
    @Path("domains/{domain}/plan")
    public Plan setDomainPlan(@PathParam("domain") String domain, PlanChange body) {
        if (body == null || body.quotaBytes() == null || body.quotaBytes() < 0) {
            throw ProblemException.invalid("quotaBytes", "a JSON body {quotaBytes} with a number >= 0 is required");
        }
        PlanService.Change change = plans.setDomainQuota(domain, body.quotaBytes())
                .orElseThrow(() -> noDomain(domain));
        publish(change);
        return new Plan(change.row().domain(), null, change.row().quotaBytes());
    }

    @GET
    @Path("accounts/{address}/plan")
    public Plan accountPlan(@PathParam("address") String address) {
        LedgerRow row = plans.account(address).orElseThrow(() -> noAccount(address));
        return new Plan(row.domain(), row.address(), row.quotaBytes());
    }

    /** Sets the account's cap; {@code {"quotaBytes": null}} removes it (the domain plan alone applies). */
    @PUT
    @Path("accounts/{address}/plan")
    public Plan setAccountPlan(@PathParam("address") String address, PlanChange body) {
        if (body == null || (body.quotaBytes() != null && body.quotaBytes() < 0)) {
            throw ProblemException.invalid("quotaBytes", "a JSON body {quotaBytes} with a number >= 0 or null"
                    + " is required");
        }
        PlanService.Change change = plans.setAccountCap(address, body.quotaBytes())
                .orElseThrow(() -> noAccount(address));
        publish(change);
        return new Plan(change.row().domain(), change.row().address(), change.row().quotaBytes());
    }

    @GET
    @Path("domains/{domain}/usage")
    public GaugeView domainUsage(@PathParam("domain") String domain) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerRow row = plans.domain(domain).orElseThrow(() -> noDomain(domain));
            return GaugeView.of(row, snapshots.latest(QuotaScope.DOMAIN, row.key()).orElse(null), Instant.now());
        });
    }

    /**
     * Takes the domain's snapshot now (exact totals from the owners, drift corrected, today's history replaced) and
     * returns the gauge; what the nightly job does, for one domain, on demand.
     */
    @POST
    @Path("domains/{domain}/usage/snapshot")
    @Consumes(MediaType.WILDCARD) // no body
    public GaugeView snapshotDomain(@PathParam("domain") String domain) {
        String name = plans.domain(domain).orElseThrow(() -> noDomain(domain)).key();
        try {
            gaugeJob.snapshotNow(name);
        } catch (RuntimeException e) {
            LOG.warnf("snapshot of %s on request failed: %s", name, e.getMessage());
            throw new ProblemException(Problem.of("owner-unavailable", Response.Status.SERVICE_UNAVAILABLE,
                    "the exact totals of " + name + " could not be read from protocol-service and archive-service;"
                            + " try again later"));
        }
        return domainUsage(name);
    }

    @GET
    @Path("accounts/{address}/usage")
    public GaugeView accountUsage(@PathParam("address") String address) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerRow row = plans.account(address).orElseThrow(() -> noAccount(address));
            return GaugeView.of(row, snapshots.latest(QuotaScope.ACCOUNT, row.key()).orElse(null), Instant.now());
        });
    }

    @GET
    @Path("domains/{domain}/usage/history")
    public Items<GaugeView.Day> domainHistory(@PathParam("domain") String domain, @QueryParam("days") Integer days) {
        LocalDate from = since(days);
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerRow row = plans.domain(domain).orElseThrow(() -> noDomain(domain));
            return new Items<>(snapshots.history(QuotaScope.DOMAIN, row.key(), from).stream()
                    .map(GaugeView.Day::of).toList());
        });
    }

    @GET
    @Path("accounts/{address}/usage/history")
    public Items<GaugeView.Day> accountHistory(@PathParam("address") String address,
            @QueryParam("days") Integer days) {
        LocalDate from = since(days);
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerRow row = plans.account(address).orElseThrow(() -> noAccount(address));
            return new Items<>(snapshots.history(QuotaScope.ACCOUNT, row.key(), from).stream()
                    .map(GaugeView.Day::of).toList());
        });
    }

    /** The accounts of the domain, the largest users (occupied + archives) first. */
    @GET
    @Path("domains/{domain}/accounts/usage")
    public Items<AccountUsage> accountsByUsage(@PathParam("domain") String domain, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ProblemException.invalid("limit", "must be between 1 and 1000");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            LedgerRow row = plans.domain(domain).orElseThrow(() -> noDomain(domain));
            return new Items<>(ledger.accountsByUsage(row.key(), max).stream()
                    .map(a -> new AccountUsage(a.address(), a.quotaBytes(), a.occupiedBytes(), a.occupiedCount(),
                            a.archiveBytes(), a.archiveCount(), a.usedBytes(), a.deleted()))
                    .toList());
        });
    }

    private LocalDate since(Integer days) {
        int n = days == null ? 30 : days;
        if (n < 1 || n > gauge.maxHistoryDays()) {
            throw ProblemException.invalid("days", "must be between 1 and " + gauge.maxHistoryDays());
        }
        return LocalDate.now(ZoneId.of(gauge.zone())).minusDays(n - 1L);
    }

    private void publish(PlanService.Change change) {
        try {
            publisher.publish(change.events());
        } catch (RuntimeException e) {
            // Recorded with the change: the relay publishes it shortly.
            LOG.warnf("plan change recorded, publication deferred to the relay: %s", e.getMessage());
        }
    }

    private static ProblemException noDomain(String domain) {
        return ProblemException.notFound("no domain " + domain.toLowerCase(Locale.ROOT));
    }

    private static ProblemException noAccount(String address) {
        return ProblemException.notFound("no account " + address.toLowerCase(Locale.ROOT));
    }
}
