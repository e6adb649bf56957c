package io.postvault.archive.service;

import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.events.data.Direction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A page of an account's archive, newest first (by internal date, then id), and how to ask for the next page. */
public final class ArchiveListing {

    private ArchiveListing() {
    }

    /**
     * Filters of a listing; each is optional. {@code after}/{@code before} bound the internal date (inclusive /
     * exclusive); {@code from} and {@code subject} match a part of the header, ignoring case.
     */
    public record Filter(Optional<Instant> after, Optional<Instant> before, Optional<Direction> direction,
                         Optional<String> from, Optional<String> subject) {
    }

    /** One page; {@code nextCursor} is null on the last. */
    public record Page(List<ArchiveEntry> items, String nextCursor) {
    }

    /** The position after which a page starts: the last entry of the previous page. Opaque to clients. */
    public record Cursor(Instant internalDate, UUID id) {

        private static final String VERSION = "v1";

        public String encode() {
            String plain = VERSION + "|" + internalDate + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** Decodes a cursor given by a client; empty when it is not one of ours. */
        public static Optional<Cursor> decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                if (parts.length != 3 || !parts[0].equals(VERSION)) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(Instant.parse(parts[1]), UUID.fromString(parts[2])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
