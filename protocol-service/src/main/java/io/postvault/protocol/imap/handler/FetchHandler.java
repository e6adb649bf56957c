package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.command.FetchCommand;
import io.postvault.protocol.imap.command.FetchCommand.Binary;
import io.postvault.protocol.imap.command.FetchCommand.Item;
import io.postvault.protocol.imap.command.FetchCommand.Section;
import io.postvault.protocol.imap.command.FetchCommand.Simple;
import io.postvault.protocol.imap.response.FetchEncoder;
import io.postvault.protocol.imap.response.ObjectIds;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.Meta;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FETCH and UID FETCH (RFC 3501 section 6.4.5): metadata in batches from the store; BODY[] streamed from the blob as a
 * sized literal with back-pressure; the message's header sections cut from the header block stored with it (from the
 * blob when it has none); other sections cut from the message bytes. A message whose bytes this replica holds in memory
 * (the blob cache) is answered at once, batched with the others, without a worker hop. Sets \Seen first when a
 * non-PEEK body section is asked for in a read-write session. CHANGEDSINCE skips messages not changed since a MODSEQ,
 * VANISHED first reports the UIDs of the set expunged since then (RFC 7162 sections 3.1.4 and 3.2.6). BINARY[part],
 * BINARY.PEEK and BINARY.SIZE (RFC 3516) decode the part from the whole message ({@link BinaryParts}).
 */
public final class FetchHandler {

    private static final int CHUNK = 64 * 1024;
    /** How many times the configured batch a FETCH of metadata only reads at once. */
    private static final int METADATA_BATCH_FACTOR = 10;

    private final ImapContext ctx;
    private final SelectedFolder selected;
    private final FetchCommand command;
    private final long[] uids;
    private final boolean withParse;
    private final boolean withHeader;
    private final boolean setsSeen;
    /** The responses show FLAGS: asked for, or added because this FETCH sets \Seen. */
    private final boolean showsFlags;
    private final boolean condstore;
    /** True when the command asks for nothing but UIDs, which the session's view knows without the message. */
    private final boolean uidOnly;
    /** Some messages of the set were expunged by another session and not reported yet: their data is gone. */
    private boolean expungeIssued;

    private FetchHandler(ImapContext ctx, FetchCommand command, long[] uids) {
        this.ctx = ctx;
        this.selected = ctx.selected();
        this.command = command;
        this.uids = uids;
        // the cached parse for ENVELOPE, BODY[STRUCTURE] and the boundaries of numbered parts; the stored header block
        // for the message's own header sections
        this.withParse = command.items().stream().anyMatch(i -> i instanceof Simple s
                && (s.name().equals("ENVELOPE") || s.name().startsWith("BODY"))
                || i instanceof Section section && section.path().length > 0 || i instanceof Binary);
        this.withHeader = command.items().stream().anyMatch(i -> i instanceof Section s && ofHeader(s));
        // without the s right the implied \Seen is silently not set (RFC 4314 section 4)
        this.setsSeen = !selected.readOnly() && selected.rights().has('s')
                && command.items().stream().anyMatch(i -> i instanceof Section s && !s.peek()
                        || i instanceof Binary b && !b.peek() && !b.size());
        this.showsFlags = setsSeen || command.asks("FLAGS");
        this.condstore = ctx.enabled().condstore();
        this.uidOnly = command.items().stream().allMatch(i -> i instanceof Simple s && s.name().equals("UID"));
    }

    public static Future<String> fetch(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        FetchCommand command = FetchCommand.parse(in, uid);
        if (command.vanished() && !ctx.enabled().qresync()) {
            throw new ImapSyntaxException("VANISHED needs QRESYNC to be enabled");
        }
        if (command.changedSince() >= 0 || command.asks("MODSEQ")) {
            ctx.enabled().enableCondstore();
        }
        long[] uids = ctx.selected().resolve(command.set(), uid);
        FetchHandler handler = new FetchHandler(ctx, command, uids);
        return handler.vanished().compose(v -> handler.run()).map(v -> handler.expungeIssued
                // RFC 5530 section 3, RFC 2180 section 4.1: the data of the other messages, and OK (as Dovecot)
                ? "OK [EXPUNGEISSUED] Some messages were already expunged"
                : "OK " + (uid ? "UID FETCH" : "FETCH") + " completed");
    }

    /** VANISHED (EARLIER) for the UIDs of the set expunged since CHANGEDSINCE (RFC 7162 section 3.2.6). */
    private Future<Void> vanished() {
        if (!command.vanished()) {
            return Future.succeededFuture();
        }
        long folderId = selected.folderId();
        return ctx.blocking(() -> ctx.messages().vanished(folderId, command.changedSince())).map(gone -> {
            long[] ranges = command.set().resolve(selected.view().largestUid());
            if (gone == null) { // pruned past CHANGEDSINCE: every UID of the set that is not there
                long[] missing = VanishedFallback.ranges(ranges, selected.view(), selected.knownUidNext(), 0);
                if (missing.length > 0) {
                    ctx.write(UntaggedResponses.vanishedRanges(missing));
                }
                return null;
            }
            long[] named = java.util.Arrays.stream(gone).filter(u -> SelectHandler.within(ranges, u)).toArray();
            if (named.length > 0) {
                ctx.write(UntaggedResponses.vanished(named, true));
            }
            return null;
        });
    }

    private Future<Void> run() {
        Future<Void> seen = Future.succeededFuture();
        if (setsSeen && uids.length > 0) {
            seen = ctx.blocking(() -> ctx.messages().store(selected.owner(), selected.folderId(), uids,
                    ImapMessages.FlagMode.ADD, Set.of("\\Seen"), -1)).map(stored -> {
                        stored.changed().forEach(f -> selected.ownChange(f.modseq()));
                        return null;
                    });
        }
        return seen.compose(v -> batch(0));
    }

    /**
     * The responses from the {@code from}th message on, a batch of metadata at a time, then what others changed (no
     * expunges during FETCH): read in the same worker task as the last batch, reported after its responses.
     */
    private Future<Void> batch(int from) {
        if (from >= uids.length) { // nothing to fetch: only the report
            return ctx.sync(false);
        }
        // rows without the parse or the header block are small: flag synchronisation (FETCH 1:* (FLAGS)) takes more
        int size = ctx.config().fetchBatchSize() * (withParse || withHeader ? 1 : METADATA_BATCH_FACTOR);
        long[] slice = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + size));
        int next = from + slice.length;
        FolderUpdates.Pending updates = next == uids.length ? FolderUpdates.pending(ctx) : null;
        return ctx.blocking(() -> new Batch(ctx.messages().meta(selected.folderId(), slice, withParse, withHeader),
                updates == null ? null : updates.read()))
                .compose(batch -> messages(batch.metas(), 0).compose(v -> expunged(slice, batch.metas()))
                        .map(v -> batch.updates()))
                .compose(read -> {
                    if (next < uids.length) {
                        return batch(next);
                    }
                    read.apply(ctx, false);
                    return Future.succeededFuture();
                });
    }

    /**
     * The messages of {@code slice} that another session expunged (the store has no row; this session has not reported
     * the EXPUNGE yet, so their numbers stand, RFC 3501 section 7.4.1): a FETCH of UIDs only is answered from the view
     * (RFC 2180 section 4.1.1); for anything else the message is skipped and the command ends with EXPUNGEISSUED. A
     * CHANGEDSINCE FETCH skips them silently (they are vanished, not changed).
     */
    private Future<Void> expunged(long[] slice, List<Meta> found) {
        if (found.size() == slice.length || command.changedSince() >= 0) {
            return Future.succeededFuture();
        }
        Set<Long> present = new HashSet<>();
        found.forEach(m -> present.add(m.uid()));
        StringBuilder out = new StringBuilder();
        for (long uid : slice) {
            int seq = selected.view().seq(uid);
            if (seq <= 0 || present.contains(uid)) {
                continue;
            }
            if (uidOnly) {
                out.append("* ").append(seq).append(" FETCH (UID ").append(uid).append(")\r\n");
            } else {
                expungeIssued = true;
            }
        }
        return out.isEmpty() ? Future.succeededFuture()
                : ctx.write(Buffer.buffer(out.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    /** One batch of metadata; with the last, what others changed in the folder. */
    private record Batch(List<Meta> metas, FolderUpdates.Read updates) {
    }

    /**
     * The responses from {@code from} on: those that need nothing from the blob are rendered together and written in
     * chunks of about {@link #CHUNK} octets (one socket write for hundreds of messages), the others one by one.
     */
    private Future<Void> messages(List<Meta> metas, int from) {
        if (from >= metas.size()) {
            return Future.succeededFuture();
        }
        Buffer ready = Buffer.buffer();
        int next = from;
        while (next < metas.size() && ready.length() < CHUNK && render(metas.get(next), ready)) {
            next++;
        }
        if (next == from) {
            return message(metas.get(from)).compose(v -> messages(metas, from + 1));
        }
        int rest = next;
        return ready.length() == 0 ? messages(metas, rest) : ctx.write(ready).compose(v -> messages(metas, rest));
    }

    /** True when the response is due (the message is in the view and changed since CHANGEDSINCE). */
    private boolean due(Meta m) {
        return selected.view().seq(m.uid()) > 0 && m.modseq() > command.changedSince();
    }

    /**
     * Appends the whole response for {@code m} when it needs nothing from the object store: no section beyond the
     * stored header block, or the message's bytes held in memory (the blob cache; then its sections are cut here, on
     * the event loop, as the worker would cut them). False (nothing appended) otherwise.
     */
    private boolean render(Meta m, Buffer out) {
        if (!due(m)) {
            return true;
        }
        byte[] message = null;
        if (needsMessage(m)) {
            message = held(m.blobId());
            if (message == null) {
                return false;
            }
        }
        defineKeywords(m, out);
        response(m, message, out);
        return true;
    }

    /** The FLAGS response again, first, when the flags this response shows hold a keyword the session was not told of. */
    private void defineKeywords(Meta m, Buffer out) {
        if (showsFlags && selected.define(m.flags())) {
            FlagsResponse.lines(selected).forEach(line -> out.appendString(line).appendString("\r\n"));
        }
    }

    /** True when the response needs the message's bytes: a section beyond the stored header block, or BINARY. */
    private boolean needsMessage(Meta m) {
        return command.items().stream().anyMatch(i -> i instanceof Section s && (!ofHeader(s) || m.header() == null)
                || i instanceof Binary);
    }

    /**
     * Appends the whole response for {@code m} to {@code out}, from its bytes ({@code message}, null when only metadata
     * and the stored header block are needed). Nothing goes out before it is complete, so a part that cannot be
     * decoded fails the command (NO [UNKNOWN-CTE]) without a half-written response.
     */
    private Buffer response(Meta m, byte[] message, Buffer out) {
        StringBuilder head = new StringBuilder("* ").append(selected.view().seq(m.uid())).append(" FETCH (");
        boolean flagsAsked = false;
        boolean first = true;
        for (Item item : command.items()) {
            if (!first) {
                head.append(' ');
            }
            first = false;
            if (item instanceof Simple s) {
                simple(head, s.name(), m, selected);
                flagsAsked |= s.name().equals("FLAGS");
            } else if (item instanceof Binary b && b.size()) {
                head.append(b.label()).append(' ').append(BinaryParts.decoded(message, m.body(), b).length);
            } else if (item instanceof Binary b) {
                byte[] bytes = MessageSections.partial(BinaryParts.decoded(message, m.body(), b), b.offset(),
                        b.length());
                head.append(b.label()).append(' ').append(BinaryParts.literalPrefix(bytes));
                out.appendString(head.toString()).appendBytes(bytes);
                head.setLength(0);
            } else {
                Section section = (Section) item;
                byte[] bytes = ofHeader(section) && m.header() != null ? headerSection(m, section)
                        : cut(message, m, section);
                head.append(section.label()).append(" {").append(bytes.length).append("}\r\n");
                out.appendString(head.toString()).appendBytes(bytes);
                head.setLength(0);
            }
        }
        close(head, m, first, flagsAsked);
        return out.appendString(head.toString());
    }

    private Future<Void> message(Meta m) {
        if (!due(m)) {
            return Future.succeededFuture();
        }
        Buffer defined = Buffer.buffer();
        defineKeywords(m, defined);
        if (defined.length() > 0) {
            ctx.write(defined);
        }
        if (command.items().stream().anyMatch(i -> i instanceof Binary)) {
            return ctx.blocking(() -> {
                try (InputStream in = ctx.messages().open(m.blobId())) {
                    return in.readAllBytes();
                }
            }).compose(bytes -> ctx.write(response(m, bytes, Buffer.buffer())));
        }
        StringBuilder head = new StringBuilder("* ").append(selected.view().seq(m.uid())).append(" FETCH (");
        boolean flagsAsked = false;
        Future<Void> chain = Future.succeededFuture();
        boolean first = true;
        for (Item item : command.items()) {
            if (!first) {
                head.append(' ');
            }
            first = false;
            if (item instanceof Simple s) {
                simple(head, s.name(), m, selected);
                flagsAsked |= s.name().equals("FLAGS");
            } else {
                Section section = (Section) item;
                head.append(section.label()).append(' ');
                String prefix = head.toString();
                head.setLength(0);
                chain = chain.compose(v -> ctx.write(Buffer.buffer(prefix.getBytes(StandardCharsets.UTF_8))))
                        .compose(v -> section(m, section));
            }
        }
        close(head, m, first, flagsAsked);
        String tail = head.toString();
        return chain.compose(v -> ctx.write(Buffer.buffer(tail.getBytes(StandardCharsets.UTF_8))));
    }

    /** The end of a message's response: FLAGS (and MODSEQ) when this FETCH set \Seen without being asked, then ")". */
    private void close(StringBuilder head, Meta m, boolean first, boolean flagsAsked) {
        if (setsSeen && !flagsAsked) {
            head.append(first ? "" : " ");
            simple(head, "FLAGS", m, selected);
            if (condstore && !command.asks("MODSEQ")) {
                head.append(' ');
                simple(head, "MODSEQ", m, selected);
            }
        }
        head.append(")\r\n");
    }

    private static void simple(StringBuilder out, String name, Meta m, SelectedFolder selected) {
        switch (name) {
            case "UID" -> out.append("UID ").append(m.uid());
            case "FLAGS" -> {
                out.append("FLAGS ");
                FetchEncoder.flags(out, selected.flags(m.uid(), m.flags()));
            }
            case "INTERNALDATE" -> {
                out.append("INTERNALDATE ");
                FetchEncoder.internalDate(out, m.internalDate());
            }
            case "RFC822.SIZE" -> out.append("RFC822.SIZE ").append(m.size());
            case "MODSEQ" -> out.append("MODSEQ (").append(m.modseq()).append(')');
            case "EMAILID" -> out.append("EMAILID (").append(ObjectIds.emailId(m.blobId())).append(')');
            case "THREADID" -> out.append("THREADID NIL");
            case "ENVELOPE" -> {
                out.append("ENVELOPE ");
                FetchEncoder.envelope(out, m.envelope());
            }
            case "BODYSTRUCTURE", "BODY" -> {
                out.append(name).append(' ');
                if (m.body() == null) {
                    out.append(FetchEncoder.EMPTY_TEXT);
                } else {
                    FetchEncoder.bodyStructure(out, m.body(), name.equals("BODYSTRUCTURE"));
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private Future<Void> section(Meta m, Section section) {
        if (whole(section)) {
            return stream(m.blobId(), start(m, section), length(m, section));
        }
        if (ofHeader(section) && m.header() != null) {
            return literal(headerSection(m, section));
        }
        return ctx.blocking(() -> {
            try (InputStream in = ctx.messages().open(m.blobId())) {
                byte[] all = in.readAllBytes();
                return MessageSections.partial(MessageSections.extract(all, m.body(), section), section);
            }
        }).compose(this::literal);
    }

    /** BODY[] or BODY[]<partial>: the message's bytes as they are, streamed when not held in memory. */
    private static boolean whole(Section section) {
        return section.path().length == 0 && section.text().isEmpty();
    }

    /** Where BODY[]<partial> starts: the recorded size bounds it (the literal is announced before a byte is read). */
    private static long start(Meta m, Section section) {
        return section.offset() < 0 ? 0 : Math.min(section.offset(), m.size());
    }

    private static long length(Meta m, Section section) {
        return section.offset() < 0 ? m.size() : Math.min(section.length(), m.size() - start(m, section));
    }

    /** The message's bytes when this replica holds them in memory, else null; never blocks. */
    private byte[] held(String blobId) {
        return ctx.messages().openInMemory(blobId).map(in -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(null);
    }

    /** A section cut from the whole message: the same bytes as {@link #section} sends (padded likewise). */
    private static byte[] cut(byte[] message, Meta m, Section section) {
        if (!whole(section)) {
            return MessageSections.partial(MessageSections.extract(message, m.body(), section), section);
        }
        int start = (int) start(m, section);
        int length = (int) length(m, section);
        if (start == 0 && length == message.length) {
            return message;
        }
        byte[] out = new byte[length];
        int available = Math.max(0, Math.min(length, message.length - start));
        System.arraycopy(message, Math.min(start, message.length), out, 0, available);
        Arrays.fill(out, available, length, (byte) ' '); // shorter than its recorded size: padded, as when streamed
        return out;
    }

    /** A header section of the message itself, cut from its stored header block. */
    private static byte[] headerSection(Meta m, Section section) {
        return MessageSections.partial(MessageSections.extract(m.header(), null, section), section);
    }

    /** HEADER, HEADER.FIELDS or HEADER.FIELDS.NOT of the message itself: all in its header block. */
    private static boolean ofHeader(Section section) {
        return section.path().length == 0 && section.text().startsWith("HEADER");
    }

    private Future<Void> literal(byte[] bytes) {
        return ctx.write(Buffer.buffer("{" + bytes.length + "}\r\n").appendBytes(bytes));
    }

    /** A literal of {@code length} octets from {@code start}, streamed from the blob. */
    private Future<Void> stream(String blobId, long start, long length) {
        return ctx.write(Buffer.buffer("{" + length + "}\r\n")).compose(v -> ctx.blocking(() -> {
            InputStream in = ctx.messages().open(blobId);
            in.skipNBytes(start);
            return in;
        })).compose(in -> {
            Promise<Void> done = Promise.promise();
            pump(in, length, done);
            return done.future().eventually(() -> ctx.blocking(() -> {
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
        ctx.blocking(() -> in.readNBytes((int) Math.min(CHUNK, left))).onComplete(ar -> {
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
            ctx.write(Buffer.buffer(chunk)).onComplete(w -> pump(in, rest, done));
        });
    }
}
