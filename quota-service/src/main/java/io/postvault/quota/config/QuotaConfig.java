package io.postvault.quota.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The quota-service's own settings ({@code postvault.quota.*} in application.properties). */
@ConfigMapping(prefix = "postvault.quota")
public interface QuotaConfig {

    /** Eviction requests. */
    Eviction eviction();

    /** The nightly gauge snapshot. */
    Gauge gauge();

    /** Publication of the events this service emits. */
    Events events();

    /** The warning that a domain's occupied space nears its quota ({@code quota.warning}). */
    Warning warning();

    interface Eviction {
        /**
         * How long an unanswered (or partly answered) eviction request keeps its episode open; after it, the next event
         * of the scope may request again.
         */
        @WithDefault("PT15M")
        Duration reRequestAfter();
    }

    interface Gauge {
        /** When the snapshot runs (Quartz cron: seconds minutes hours day-of-month month day-of-week). */
        @WithDefault("0 0 3 * * ?")
        String cron();

        /** The time zone the cron and the snapshot's day are read in. */
        @WithDefault("UTC")
        String zone();

        /** Whether a snapshot missed while the service was down is taken at start-up. */
        @WithDefault("true")
        boolean catchUpOnStart();

        /**
         * The longest one domain's snapshot may take (its transaction holds the domain's ledger lock while it asks the
         * owners for the totals of the domain and of each account), in seconds.
         */
        @WithDefault("300")
        int domainTimeoutSeconds();

        /** The most days of history a request may ask for. */
        @WithDefault("400")
        int maxHistoryDays();
    }

    interface Events {
        /** How often the relay looks for emitted events the broker has not confirmed. */
        @WithDefault("PT30S")
        Duration relayEvery();

        /** An emitted event still unconfirmed after this long is published again (same id). */
        @WithDefault("PT30S")
        Duration resendAfter();

        /** Confirmed events are forgotten after this long. */
        @WithDefault("P7D")
        Duration keepSent();
    }

    interface Warning {
        /** A domain warns once when its occupied space passes this percentage of its quota. */
        @WithDefault("90")
        int percent();

        /** The next crossing warns again only after occupied space fell to this percentage or below. */
        @WithDefault("85")
        int rearmPercent();
    }
}
