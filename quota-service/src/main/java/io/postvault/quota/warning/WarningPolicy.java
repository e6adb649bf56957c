package io.postvault.quota.warning;

/**
 * When a domain's occupied space (archives do not count: they make room by themselves) deserves a warning: once when
 * it passes {@code percent} of the quota, and again only after it fell back to {@code rearmPercent} or below, so that
 * a domain hovering at the threshold, mail coming in and POP3 clients taking it out, does not warn on every message.
 */
public final class WarningPolicy {

    /** What the ledger row's warned flag must become, and whether to warn. */
    public enum Transition { NONE, WARN, REARM }

    private WarningPolicy() {
    }

    /**
     * @param quotaBytes null when the domain has no plan (yet): never warns
     * @param warned whether this crossing was warned of already
     */
    public static Transition decide(Long quotaBytes, long occupiedBytes, boolean warned, int percent,
            int rearmPercent) {
        if (quotaBytes == null) {
            return warned ? Transition.REARM : Transition.NONE;
        }
        // Exact integer comparison; quotas stay far below 2^56 bytes, so the products cannot overflow.
        if (!warned && occupiedBytes * 100 > quotaBytes * percent) {
            return Transition.WARN;
        }
        if (warned && occupiedBytes * 100 <= quotaBytes * rearmPercent) {
            return Transition.REARM;
        }
        return Transition.NONE;
    }
}
