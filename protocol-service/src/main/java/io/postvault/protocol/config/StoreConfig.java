package io.postvault.protocol.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live mail store. */
@ConfigMapping(prefix = "postvault.store")
public interface StoreConfig {

    /** How long a POP3 maildrop lock lasts without renewal; a crashed holder's lock frees itself after this. */
    @WithDefault("2m")
    Duration maildropLease();

    /** Messages removed per transaction when an account or domain is deleted. */
    @WithDefault("500")
    int deletionBatchSize();

    /**
     * Whether a transaction that only changes flags (IMAP STORE) commits asynchronously: PostgreSQL acknowledges it
     * before its WAL is flushed to disk, so a crash of the database may lose the flag changes of its last fraction of
     * a second (never a message, and never half a change). Dovecot makes the same trade by default
     * ({@code mail_fsync = optimized}). Transactions that add or remove messages always wait for the disk.
     */
    @WithDefault("true")
    boolean asyncFlagCommits();

    /** QRESYNC's record of expunged UIDs (table vanished_message), pruned by store.pg.VanishedPruning. */
    Vanished vanished();

    interface Vanished {

        /** Removals older than this are forgotten (clients that last synced before get the fallback answer). */
        @WithDefault("30d")
        Duration retention();

        /** Most removals remembered per folder; the oldest go first (0: no limit by count). */
        @WithDefault("20000")
        int maxPerFolder();

        /** How often this replica prunes ({@code off} disables it here; replicas may prune at the same time). */
        @WithDefault("1h")
        String pruneInterval();

        /** Folders pruned per round, each in its own short transaction. */
        @WithDefault("1000")
        int pruneBatchSize();
    }
}
