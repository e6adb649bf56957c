package io.postvault.protocol.quota;

import io.postvault.protocol.store.Mailbox;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One IMAP session's quota alert (RFC 3501 7.1, response code ALERT, which clients must show to the user): when the
 * account's domain is nearly full, the untagged {@code NO [ALERT]} goes out once per crossing of the threshold, with the
 * response of the first SELECT, EXAMINE, NOOP, CHECK or IDLE, the commands clients issue to learn of changes.
 * Not thread-safe: used on the session's event loop.
 */
public final class QuotaAlert {

    private static final Set<String> REPORTING_COMMANDS = Set.of("SELECT", "EXAMINE", "NOOP", "CHECK", "IDLE");

    private final NearlyFullDomains domains;
    private long alertedCrossing;

    QuotaAlert(NearlyFullDomains domains) {
        this.domains = domains;
    }

    /** The untagged line to write with the response to {@code command}, if one is due. */
    public Optional<String> due(String command, Mailbox account) {
        if (account == null || !REPORTING_COMMANDS.contains(command)) {
            return Optional.empty();
        }
        Optional<NearlyFullDomains.Fill> fill = domains.of(account.domain());
        if (fill.isEmpty() || fill.get().crossing() == alertedCrossing) {
            return Optional.empty();
        }
        alertedCrossing = fill.get().crossing();
        return Optional.of(line(account.domain(), fill.get()));
    }

    static String line(String domain, NearlyFullDomains.Fill fill) {
        long used = fill.quotaBytes() == 0 ? 100 : fill.occupiedBytes() * 100 / fill.quotaBytes();
        return "* NO [ALERT] The mail storage of " + domain + " is " + used + "% full ("
                + size(fill.occupiedBytes()) + " of " + size(fill.quotaBytes())
                + "); new mail is refused once it is full. Delete messages or ask for a larger plan.";
    }

    /** 1,000-based units, one decimal: 9.5 MB. */
    static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
