package io.postvault.gateway.upstream;

/** An internal service could not be reached (refused, reset, timed out) or its circuit breaker is open. */
public class UpstreamUnavailable extends RuntimeException {

    private final String service;

    public UpstreamUnavailable(String service, Throwable cause) {
        super(service + " is unavailable", cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
