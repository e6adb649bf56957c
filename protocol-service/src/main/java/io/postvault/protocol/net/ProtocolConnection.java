package io.postvault.protocol.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The plumbing between a {@link NetSocket} and a line protocol session: decodes input with a {@link FrameDecoder},
 * hands frames to the session one at a time (pipelined commands are answered in order, because the next frame is
 * decoded only when the session finished the previous one), pauses the socket while too much undecoded input waits,
 * closes idle connections, and supports the STARTTLS/STLS upgrade. Runs on the socket's event loop only.
 *
 * <p>The replies written during one event-loop task go out in one socket write ({@link #consolidateFlushes}).
 */
public final class ProtocolConnection {

    private static final Logger LOG = Logger.getLogger(ProtocolConnection.class);

    private final Vertx vertx;
    private final NetSocket socket;
    private final FrameDecoder decoder;
    private final int highWater;
    private final long idleTimeoutMillis;
    private FrameHandler handler;
    private boolean busy;
    private boolean paused;
    private boolean closed;
    private boolean closing;
    private long lastActivity = System.nanoTime();
    private long idleTimer = -1;
    private Deflate deflate;

    public ProtocolConnection(Vertx vertx, NetSocket socket, int maxLineLength, Duration idleTimeout) {
        this.vertx = vertx;
        this.socket = socket;
        this.decoder = new FrameDecoder(maxLineLength, 64 * 1024);
        this.highWater = Math.max(64 * 1024, 2 * maxLineLength);
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    /** Attaches the session and starts reading. */
    public void start(Function<ProtocolConnection, FrameHandler> sessionFactory) {
        this.handler = sessionFactory.apply(this);
        consolidateFlushes(socket);
        socket.handler(this::received);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("connection %s: %s", socket.remoteAddress(), e.toString());
            close();
        });
        long period = Math.max(50, Math.min(idleTimeoutMillis / 4, 30_000));
        idleTimer = vertx.setPeriodic(period, id -> checkIdle());
        handler.start();
    }

    /**
     * Vert.x flushes every write made outside its read handler at once: a reply written after a worker hop (nearly
     * every IMAP reply, line by line) cost one socket write system call and one TCP segment per line, so a SELECT was
     * ten. Netty's {@link FlushConsolidationHandler} holds those flushes until the end of the event-loop task (and,
     * during a read, until the read completes), so a command's replies leave in one write; a close, and a write queue
     * that fills, still flush at once. Measured with {@code bench/run-mail-bench} (IMAP mix): see docs/benchmarks.md.
     */
    private static void consolidateFlushes(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            ChannelHandlerContext vertxHandler = internal.channelHandlerContext();
            vertxHandler.pipeline().addBefore(vertxHandler.name(), "flush-consolidation", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
    }

    public NetSocket socket() {
        return socket;
    }

    public Vertx vertx() {
        return vertx;
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    /** True when the connection runs over TLS (implicit or after STARTTLS). */
    public boolean secure() {
        return socket.isSsl();
    }

    /** True when the client connects from a loopback address. */
    public boolean loopback() {
        String host = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        return host != null && (host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"));
    }

    /** The client's IP address. */
    public String remoteIp() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    /** The client's host name when known, else its IP address (no DNS lookup is made). */
    public String remoteHost() {
        if (socket.remoteAddress() == null) {
            return "unknown";
        }
        String name = socket.remoteAddress().hostName();
        return name == null || name.isEmpty() ? remoteIp() : name;
    }

    /** Sends one reply line; CRLF is appended. */
    public Future<Void> writeLine(String line) {
        return write(Buffer.buffer(line + "\r\n"));
    }

    public Future<Void> write(Buffer data) {
        if (closed) {
            return Future.failedFuture("connection closed");
        }
        markActive();
        return socket.write(deflate == null ? data : deflate.deflate(data));
    }

    /** True when the socket's write queue is full: wait for {@link #drained()} before writing more. */
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Completes when the write queue has room again (at once if it has). */
    public Future<Void> drained() {
        if (!socket.writeQueueFull() || closed) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        socket.drainHandler(v -> {
            socket.drainHandler(null);
            promise.tryComplete();
        });
        return promise.future();
    }

    /**
     * Upgrades to TLS after the STARTTLS/STLS reply was written. Input received before the upgrade is discarded,
     * so that nothing sent in plaintext is taken as if it came over TLS.
     */
    public Future<Void> upgradeToTls() {
        decoder.discardBuffered();
        Promise<Void> promise = Promise.promise();
        socket.upgradeToSsl(promise);
        return promise.future();
    }

    /**
     * Compresses both directions from now on (IMAP COMPRESS=DEFLATE, RFC 4978): call after the reply that announces it
     * was written. Input already buffered was sent before it, so it stays as it is.
     */
    public void startDeflate() {
        if (deflate == null) {
            deflate = new Deflate();
        }
    }

    /** True once {@link #startDeflate} was called. */
    public boolean deflating() {
        return deflate != null;
    }

    /** Marks the connection active (long responses count as activity). */
    public void markActive() {
        lastActivity = System.nanoTime();
    }

    /** Closes after the pending writes went out; frames still buffered are ignored. */
    public void close() {
        if (!closing) {
            closing = true;
            socket.close();
        }
    }

    public boolean isClosed() {
        return closed || closing;
    }

    private void received(Buffer data) {
        markActive();
        if (deflate != null) {
            try {
                data = deflate.inflate(data);
            } catch (IllegalStateException e) {
                LOG.debugf("connection %s: %s", socket.remoteAddress(), e.getMessage());
                close();
                return;
            }
        }
        decoder.append(data);
        if (decoder.buffered() > highWater && !paused) {
            paused = true;
            socket.pause();
        }
        pump();
    }

    private void pump() {
        while (!busy && !closing) {
            Frame frame = decoder.next();
            if (frame == null) {
                break;
            }
            Future<Void> done;
            try {
                done = handler.handle(frame);
            } catch (RuntimeException e) {
                LOG.error("session failed on a frame", e);
                close();
                return;
            }
            if (!done.isComplete()) {
                busy = true;
                done.onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.debugf("session step failed: %s", ar.cause().toString());
                    }
                    busy = false;
                    pump();
                });
                break;
            }
        }
        if (paused && decoder.buffered() <= highWater && !closing) {
            paused = false;
            socket.resume();
        }
        decoder.trim();
    }

    private void checkIdle() {
        if (closing) {
            return;
        }
        long idle = (System.nanoTime() - lastActivity) / 1_000_000;
        if (idle >= idleTimeoutMillis) {
            write(Buffer.buffer(handler.idleTimeoutReply() + "\r\n"));
            close();
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        vertx.cancelTimer(idleTimer);
        if (deflate != null) {
            deflate.end();
        }
        handler.closed();
    }
}
