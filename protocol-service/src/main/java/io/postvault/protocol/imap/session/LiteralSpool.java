package io.postvault.protocol.imap.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The spool file of one connection's current large literal (an APPEND message streaming in): opened when the literal
 * starts, written chunk by chunk without blocking (each write completes before the next frame is read, so a slow disk
 * slows the client, not memory), closed when the request is whole, deleted when the request ended however it ended.
 */
public final class LiteralSpool {

    private final Vertx vertx;
    private final Path folder;
    private Path path;
    private AsyncFile file;

    public LiteralSpool(Vertx vertx, Path folder) {
        this.vertx = vertx;
        this.folder = folder;
    }

    public Future<Void> open() {
        path = folder.resolve("literal-" + UUID.randomUUID() + ".eml");
        return vertx.fileSystem().open(path.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .map(opened -> {
                    file = opened;
                    return null;
                });
    }

    public Future<Void> write(Buffer chunk) {
        return file.write(chunk);
    }

    /** Closes the file (the literal is complete); it stays until {@link #discard}. */
    public Future<Void> finish() {
        AsyncFile f = file;
        file = null;
        return f == null ? Future.succeededFuture() : f.close();
    }

    /** The file of the complete literal, or null. */
    public Path path() {
        return file == null ? path : null;
    }

    /** Closes and deletes whatever is spooled; failures are ignored (nothing else refers to the file). */
    public Future<Void> discard() {
        if (path == null) {
            return Future.succeededFuture();
        }
        Path p = path;
        AsyncFile f = file;
        path = null;
        file = null;
        Future<Void> closed = f == null ? Future.succeededFuture() : f.close().recover(e -> Future.succeededFuture());
        return closed.compose(v -> vertx.fileSystem().delete(p.toString())).recover(e -> Future.succeededFuture());
    }
}
