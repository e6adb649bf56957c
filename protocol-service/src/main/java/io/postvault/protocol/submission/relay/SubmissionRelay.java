package io.postvault.protocol.submission.relay;

import io.postvault.protocol.submission.QueuedMessage;
import io.postvault.protocol.submission.SubmissionConfig;
import io.postvault.protocol.submission.SubmissionQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Relays queued messages to the smarthost: the submitting session's first attempt at once, later attempts when due,
 * with exponential backoff, on a small pool of its own (each attempt is a blocking SMTP conversation).
 *
 * <p>Exactly once: a row is claimed with a lease before its attempt and finished right after the smarthost's reply to
 * the end of data. A crash between that 250 and the commit of "relayed" leaves the row leased; when the lease runs
 * out it is sent again. That window (one round trip to the database) is the only way to a duplicate: a message is never
 * dropped to avoid one (RFC 5321 section 6.1, RFC 1047), and the receiving side sees the same Message-ID twice. A crash
 * at any other moment (smarthost down, queued, not yet claimed) sends each message exactly once.
 */
@ApplicationScoped
public class SubmissionRelay {

    private static final Logger LOG = Logger.getLogger(SubmissionRelay.class);

    /** What the submitting client is told of the first attempt. */
    public enum FirstAttempt { RELAYED, QUEUED, REFUSED }

    /** The first attempt's outcome and the smarthost's reply. */
    public record Outcome(FirstAttempt state, String reply) {
    }

    private final SubmissionConfig.Relay config;
    private final SubmissionQueue queue;
    private final Smarthost smarthost;
    private final Bounces bounces;
    private final ExecutorService pool;
    private final Semaphore capacity;

    @Inject
    public SubmissionRelay(SubmissionConfig config, SubmissionQueue queue, Smarthost smarthost, Bounces bounces) {
        this.config = config.relay();
        this.queue = queue;
        this.smarthost = smarthost;
        this.bounces = bounces;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.config.concurrency(), r -> {
            Thread t = new Thread(r, "submission-relay-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.capacity = new Semaphore(this.config.concurrency());
    }

    /**
     * The first attempt for a message just enqueued; completes with QUEUED when the smarthost could not take it (or
     * did not answer within {@code sync-wait}: the attempt goes on and is recorded when it ends).
     */
    public CompletableFuture<Outcome> firstAttempt(QueuedMessage enqueued) {
        CompletableFuture<Outcome> told = new CompletableFuture<>();
        if (!config.enabled()) {
            told.complete(new Outcome(FirstAttempt.QUEUED, "relay disabled on this replica"));
            return told;
        }
        CompletableFuture.runAsync(() -> queue.claim(enqueued.id(), config.lease()).ifPresentOrElse(
                claimed -> attempt(claimed, told::complete),
                () -> told.complete(new Outcome(FirstAttempt.QUEUED, "claimed elsewhere"))), pool)
                .exceptionally(e -> {
                    told.complete(new Outcome(FirstAttempt.QUEUED, String.valueOf(e.getMessage())));
                    return null;
                });
        return told.completeOnTimeout(new Outcome(FirstAttempt.QUEUED, "smarthost slow"), config.syncWait().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "${postvault.submission.relay.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.enabled()) {
            return;
        }
        try {
            relayDue();
        } catch (RuntimeException e) {
            LOG.warnf("looking at the submission queue failed, next round retries: %s", e.getMessage());
        }
    }

    /** Claims the due messages this replica has room for and relays them in the background; returns how many. */
    public int relayDue() {
        int free = Math.min(capacity.availablePermits(), config.batchSize());
        if (free == 0 || !capacity.tryAcquire(free)) {
            return 0;
        }
        List<QueuedMessage> due;
        try {
            due = queue.claimDue(free, config.lease());
        } catch (RuntimeException e) {
            capacity.release(free);
            throw e;
        }
        capacity.release(free - due.size()); // each claimed row returns its own permit when done
        for (QueuedMessage message : due) {
            pool.execute(() -> {
                try {
                    attempt(message, outcome -> false);
                } catch (RuntimeException e) {
                    LOG.warnf("submission %d: recording the attempt failed, retried after the lease: %s",
                            message.id(), e.getMessage());
                } finally {
                    capacity.release();
                }
            });
        }
        return due.size();
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purge() {
        try {
            int purged = queue.purgeFinished(Instant.now().minus(config.retention()));
            if (purged > 0) {
                LOG.infof("purged %d finished submissions", purged);
            }
        } catch (RuntimeException e) {
            LOG.warnf("purging the submission queue failed: %s", e.getMessage());
        }
    }

    /**
     * One attempt for a claimed row, recorded in the queue; {@code tellClient} offers the outcome to a waiting client
     * and says whether it took it. Recipients that will never get the message are bounced unless the client was told.
     */
    void attempt(QueuedMessage message, Predicate<Outcome> tellClient) {
        RelayResult result;
        try (InputStream bytes = queue.open(message)) {
            result = smarthost.relay(message.envelopeFrom(), message.recipients(), bytes);
        } catch (Exception e) {
            result = RelayResult.temporaryFailure(message.recipients(), "cannot read the stored message: " + e.getMessage());
        }
        if (!result.refused().isEmpty()) {
            LOG.warnf("submission %d from %s: smarthost refused %s: %s", message.id(), message.address(),
                    result.refused(), result.reply());
        }
        List<String> failed = new ArrayList<>(result.refused());
        Outcome outcome;
        if (result.finished()) {
            boolean accepted = result.acceptedAny(message.recipients());
            if (accepted) {
                queue.relayed(message.id(), result.reply());
            } else {
                queue.failed(message.id(), result.reply());
            }
            outcome = new Outcome(accepted ? FirstAttempt.RELAYED : FirstAttempt.REFUSED, result.reply());
        } else if (Instant.now().isAfter(message.submittedAt().plus(config.maxQueueLifetime()))) {
            LOG.warnf("submission %d from %s: given up after %d attempts: %s", message.id(), message.address(),
                    message.attempts(), result.reply());
            queue.failed(message.id(), "given up: " + result.reply());
            failed.addAll(result.retry());
            outcome = new Outcome(FirstAttempt.REFUSED, result.reply());
        } else {
            Duration delay = backoff(message.attempts(), config.initialBackoff(), config.maxBackoff());
            LOG.infof("submission %d from %s: attempt %d failed (%s), next in %s", message.id(), message.address(),
                    message.attempts(), result.reply(), delay);
            queue.retryAt(message.id(), Instant.now().plus(delay), result.reply(), result.retry());
            outcome = new Outcome(FirstAttempt.QUEUED, result.reply());
        }
        boolean told = tellClient.test(outcome);
        if (!failed.isEmpty() && !(told && outcome.state() == FirstAttempt.REFUSED)) {
            bounces.send(message, failed, result.reply());
        }
    }

    /** The wait after the {@code attempts}-th failed attempt: initial, doubled each time, at most {@code max}. */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdown();
        try {
            // attempts still running after this keep their lease and are retried when it runs out
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
