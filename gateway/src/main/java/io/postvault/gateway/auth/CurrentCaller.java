package io.postvault.gateway.auth;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AccessFilter} before the resource method runs. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;
    private String clientIp;

    void set(Caller caller) {
        this.caller = caller;
    }

    void clientIp(String ip) {
        this.clientIp = ip;
    }

    /** The caller; only absent on {@link Anonymous} methods. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    /** The client's IP address (the forwarded one when the gateway is configured to trust its proxy). */
    public String clientIp() {
        return clientIp;
    }
}
