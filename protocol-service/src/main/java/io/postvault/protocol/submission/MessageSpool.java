package io.postvault.protocol.submission;

import io.postvault.protocol.store.SpooledMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One incoming message streamed to a spool file (never held whole in memory): the client's bytes are held back only
 * until the end of their header is seen, then the added header fields go first and the client's bytes follow
 * unchanged. Runs on the connection's event loop; writes apply back-pressure.
 */
final class MessageSpool {

    private static final Logger LOG = Logger.getLogger(MessageSpool.class);
    private static final long HEADER_SCAN_LIMIT = 256 * 1024;

    private final Vertx vertx;
    private final Function<HeaderScan, String> addedHeaders;
    private final HeaderScan scan = new HeaderScan(HEADER_SCAN_LIMIT);
    private final List<Buffer> held = new ArrayList<>();
    private AsyncFile file;
    private Path path;
    private long written;
    private boolean failed;

    /** @param addedHeaders the fields to put in front, once the client's header was looked through */
    MessageSpool(Vertx vertx, Function<HeaderScan, String> addedHeaders) {
        this.vertx = vertx;
        this.addedHeaders = addedHeaders;
    }

    Future<Void> open(Path dir) {
        return vertx.fileSystem().createTempFile(dir.toString(), "submission-", ".eml", (String) null)
                .compose(created -> {
                    path = Path.of(created);
                    return vertx.fileSystem().open(created, new OpenOptions().setWrite(true));
                })
                .map(opened -> {
                    file = opened;
                    return null;
                });
    }

    /** The next bytes of the client's message. */
    Future<Void> write(Buffer chunk) {
        if (file == null || failed) {
            return Future.succeededFuture();
        }
        if (!scan.done()) {
            held.add(chunk);
            if (!scan.feed(chunk)) {
                return Future.succeededFuture();
            }
            releaseHeld();
            return drained();
        }
        append(chunk);
        return drained();
    }

    private void releaseHeld() {
        append(Buffer.buffer(addedHeaders.apply(scan).getBytes(StandardCharsets.UTF_8)));
        held.forEach(this::append);
        held.clear();
    }

    private void append(Buffer bytes) {
        written += bytes.length();
        file.write(bytes).onFailure(e -> failed = true);
    }

    private Future<Void> drained() {
        if (!file.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        file.drainHandler(v -> promise.tryComplete());
        return promise.future();
    }

    /** Octets spooled or held so far, added header fields included once they were written. */
    long size() {
        return written + held.stream().mapToLong(Buffer::length).sum();
    }

    /** The end of the client's message: the complete spool file. */
    Future<SpooledMessage> finish() {
        if (file == null) {
            return Future.failedFuture("no spool file");
        }
        if (!scan.done()) {
            scan.end();
            releaseHeld();
        }
        AsyncFile closing = file;
        file = null;
        // closed, not flushed (no fsync): the file only carries the message to the store, which makes it durable
        return closing.close().compose(v -> failed
                ? Future.failedFuture("spool write failed")
                : Future.succeededFuture(new SpooledMessage(path, written)));
    }

    /** Closes and deletes the spool file (after the message was stored, or when it is abandoned). */
    void delete() {
        AsyncFile open = file;
        file = null;
        Path spooled = path;
        path = null;
        Future<Void> closed = open == null ? Future.succeededFuture() : open.close();
        closed.onComplete(ar -> {
            if (spooled != null) {
                vertx.fileSystem().delete(spooled.toString())
                        .onFailure(e -> LOG.warnf("cannot delete spool file %s: %s", spooled, e.toString()));
            }
        });
    }
}
