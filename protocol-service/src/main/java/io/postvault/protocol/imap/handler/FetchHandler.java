package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.command.FetchCommand;
import io.postvault.protocol.imap.command.FetchCommand.Item;
import io.postvault.protocol.imap.command.FetchCommand.Section;
import io.postvault.protocol.imap.command.FetchCommand.Simple;
import io.postvault.protocol.imap.response.FetchEncoder;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.Meta;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs one FETCH: metadata in batches from the store; BODY[] streamed from the blob as a sized literal with
 * back-pressure; other sections cut from the message bytes. Sets \Seen first when a non-PEEK body section is asked
 * for in a read-write session.
 */
public final class FetchHandler {

    /** What the handler needs from the session. */
    public interface Session {
        ImapMessages messages();

        long folderId();

        boolean readOnly();

        int seq(long uid);

        int batchSize();

        <T> Future<T> blocking(java.util.concurrent.Callable<T> task);

        /** Writes raw bytes; the future completes when the socket can take more. */
        Future<Void> write(Buffer bytes);

        io.postvault.protocol.store.Mailbox account();

        /** A flag change this session made itself (not to be reported back as someone else's). */
        void ownChange(long modseq);
    }

    private static final int CHUNK = 64 * 1024;

    private final Session session;
    private final FetchCommand command;
    private final long[] uids;
    private final boolean withParse;
    private final boolean setsSeen;

    public FetchHandler(Session session, FetchCommand command, long[] uids) {
        this.session = session;
        this.command = command;
        this.uids = uids;
        this.withParse = command.items().stream().anyMatch(i -> i instanceof Simple s
                && (s.name().equals("ENVELOPE") || s.name().startsWith("BODY")) || i instanceof Section);
        this.setsSeen = !session.readOnly() && command.items().stream().anyMatch(i -> i instanceof Section s && !s.peek());
    }

    public Future<Void> run() {
        Future<Void> seen = Future.succeededFuture();
        if (setsSeen && uids.length > 0) {
            seen = session.blocking(() -> {
                return session.messages().store(session.account(), session.folderId(), uids,
                        ImapMessages.FlagMode.ADD, Set.of("\\Seen"));
            }).map(changed -> {
                changed.forEach(f -> session.ownChange(f.modseq()));
                return null;
            });
        }
        return seen.compose(v -> batch(0));
    }

    private Future<Void> batch(int from) {
        if (from >= uids.length) {
            return Future.succeededFuture();
        }
        long[] slice = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + session.batchSize()));
        return session.blocking(() -> session.messages().meta(session.folderId(), slice, withParse))
                .compose(metas -> messages(metas, 0))
                .compose(v -> batch(from + slice.length));
    }

    private Future<Void> messages(List<Meta> metas, int i) {
        if (i >= metas.size()) {
            return Future.succeededFuture();
        }
        return message(metas.get(i)).compose(v -> messages(metas, i + 1));
    }

    private Future<Void> message(Meta m) {
        int seq = session.seq(m.uid());
        if (seq == 0) {
            return Future.succeededFuture();
        }
        StringBuilder head = new StringBuilder("* ").append(seq).append(" FETCH (");
        boolean flagsAsked = false;
        Future<Void> chain = Future.succeededFuture();
        boolean first = true;
        for (Item item : command.items()) {
            if (!first) {
                head.append(' ');
            }
            first = false;
            if (item instanceof Simple s) {
                simple(head, s.name(), m);
                flagsAsked |= s.name().equals("FLAGS");
            } else {
                Section section = (Section) item;
                head.append(section.label()).append(' ');
                String prefix = head.toString();
                head.setLength(0);
                chain = chain.compose(v -> session.write(Buffer.buffer(prefix.getBytes(StandardCharsets.UTF_8))))
                        .compose(v -> section(m, section));
            }
        }
        if (setsSeen && !flagsAsked) {
            head.append(first ? "" : " ");
            simple(head, "FLAGS", m);
        }
        head.append(")\r\n");
        String tail = head.toString();
        return chain.compose(v -> session.write(Buffer.buffer(tail.getBytes(StandardCharsets.UTF_8))));
    }

    private static void simple(StringBuilder out, String name, Meta m) {
        switch (name) {
            case "UID" -> out.append("UID ").append(m.uid());
            case "FLAGS" -> {
                out.append("FLAGS ");
                FetchEncoder.flags(out, m.flags());
            }
            case "INTERNALDATE" -> {
                out.append("INTERNALDATE ");
                FetchEncoder.internalDate(out, m.internalDate());
            }
            case "RFC822.SIZE" -> out.append("RFC822.SIZE ").append(m.size());
            case "MODSEQ" -> out.append("MODSEQ (").append(m.modseq()).append(')');
            case "ENVELOPE" -> {
                out.append("ENVELOPE ");
                FetchEncoder.envelope(out, m.envelope());
            }
            case "BODYSTRUCTURE", "BODY" -> {
                out.append(name).append(' ');
                if (m.body() == null) {
                    out.append("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)");
                } else {
                    FetchEncoder.bodyStructure(out, m.body(), name.equals("BODYSTRUCTURE"));
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private Future<Void> section(Meta m, Section section) {
        if (section.path().length == 0 && section.text().isEmpty()) {
            long start = section.offset() < 0 ? 0 : Math.min(section.offset(), m.size());
            long length = section.offset() < 0 ? m.size() : Math.min(section.length(), m.size() - start);
            return stream(m.blobId(), start, length);
        }
        return session.blocking(() -> {
            try (InputStream in = session.messages().open(m.blobId())) {
                byte[] all = in.readAllBytes();
                return MessageSections.partial(MessageSections.extract(all, m.body(), section), section);
            }
        }).compose(bytes -> session.write(Buffer.buffer("{" + bytes.length + "}\r\n").appendBytes(bytes)));
    }

    /** A literal of {@code length} octets from {@code start}, streamed from the blob. */
    private Future<Void> stream(String blobId, long start, long length) {
        return session.write(Buffer.buffer("{" + length + "}\r\n")).compose(v -> session.blocking(() -> {
            InputStream in = session.messages().open(blobId);
            in.skipNBytes(start);
            return in;
        })).compose(in -> {
            Promise<Void> done = Promise.promise();
            pump(in, length, done);
            return done.future().eventually(() -> session.blocking(() -> {
                in.close();
                return null;
            }));
        });
    }

    private void pump(InputStream in, long left, Promise<Void> done) {
        if (left <= 0) {
            done.complete();
            return;
        }
        session.blocking(() -> in.readNBytes((int) Math.min(CHUNK, left))).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            byte[] chunk = ar.result();
            if (chunk.length == 0) {
                // the blob is shorter than its recorded size: pad, so the literal keeps its announced length
                byte[] pad = new byte[(int) Math.min(CHUNK, left)];
                Arrays.fill(pad, (byte) ' ');
                chunk = pad;
            }
            long rest = left - chunk.length;
            session.write(Buffer.buffer(chunk)).onComplete(w -> pump(in, rest, done));
        });
    }
}
