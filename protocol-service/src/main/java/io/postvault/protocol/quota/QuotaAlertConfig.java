package io.postvault.protocol.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The IMAP quota alert ({@code postvault.quota-alert.*}). */
@ConfigMapping(prefix = "postvault.quota-alert")
public interface QuotaAlertConfig {

    /** IMAP sessions of a domain whose occupied space is past this percentage of its quota get {@code [ALERT]}. */
    @WithDefault("90")
    int percent();

    /**
     * How often the nearly full domains are read from the occupied counters (one query per replica; {@code off}: never,
     * for tests that refresh themselves).
     */
    @WithDefault("10s")
    String refreshEvery();
}
