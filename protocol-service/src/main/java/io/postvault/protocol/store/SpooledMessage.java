package io.postvault.protocol.store;

import java.nio.file.Path;

/**
 * A complete message received by a protocol server, spooled on local disk (never held whole in memory): the exact
 * bytes to store, trace headers included, with CRLF line endings. The receiver deletes the file after delivery.
 */
public record SpooledMessage(Path file, long size) {
}
