package io.postvault.gateway.upstream;

import io.postvault.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Fault tolerance around one internal service: one circuit breaker for every call to it (transport failures and 5xx
 * answers count; a 4xx answer is the service working), and retries for reads only. Writes are tried once: a POST
 * whose answer was lost may have taken effect.
 */
public class Upstream {

    private final String name;
    private final Guard breaker;
    private final Guard retryingReads;

    public Upstream(String name, GatewayConfig.Upstream config) {
        this.name = name;
        this.breaker = Guard.create()
                .withDescription(name)
                .withCircuitBreaker()
                .name(name)
                .requestVolumeThreshold(config.breakerWindow())
                .failureRatio(config.breakerFailureRatio())
                .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .when(Upstream::failure)
                .done()
                .build();
        this.retryingReads = Guard.create()
                .withDescription(name + " reads")
                .withRetry()
                .maxRetries(config.maxRetries())
                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(Upstream::retriable)
                .done()
                .build();
    }

    public String name() {
        return name;
    }

    /** An idempotent call (GET): retried on transport failure and on 502/503/504. */
    public <T> T read(Supplier<T> call) {
        return run(() -> get(retryingReads, () -> get(breaker, call)));
    }

    /** A call that changes state: tried once. */
    public <T> T write(Supplier<T> call) {
        return run(() -> get(breaker, call));
    }

    /** A write without an answer body. */
    public void write(Runnable call) {
        write(() -> {
            call.run();
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Guard guard, Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }

    private <T> T run(Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamProblem problem) {
            throw problem;
        } catch (RuntimeException e) {
            UpstreamProblem problem = find(e, UpstreamProblem.class);
            if (problem != null) {
                throw problem;
            }
            if (e instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException
                    || transport(e)) {
                throw new UpstreamUnavailable(name, e);
            }
            throw e;
        }
    }

    private static boolean failure(Throwable e) {
        UpstreamProblem problem = find(e, UpstreamProblem.class);
        return problem == null || problem.serverError();
    }

    private static boolean retriable(Throwable e) {
        UpstreamProblem problem = find(e, UpstreamProblem.class);
        return problem != null ? problem.worthRetrying() : transport(e);
    }

    private static boolean transport(Throwable e) {
        return find(e, ProcessingException.class) != null || find(e, IOException.class) != null
                || find(e, UncheckedIOException.class) != null;
    }

    private static <E extends Throwable> E find(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
