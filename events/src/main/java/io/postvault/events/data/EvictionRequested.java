package io.postvault.events.data;

import java.util.UUID;

/** Occupied + archives exceed the quota of the scope: the archive must free {@code bytesToFree}, oldest first. */
public record EvictionRequested(UUID requestId, QuotaScope scope, @Nullable String address, long quotaBytes,
                                long occupiedBytes, long archiveBytes, long bytesToFree) implements EventData {
}
