package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.command.StoreCommand;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * STORE and UID STORE (RFC 3501 section 6.4.6) with UNCHANGEDSINCE (RFC 7162 section 3.1.3): messages changed after
 * the given MODSEQ are left alone and named in {@code [MODIFIED ...]}. Without .SILENT every message of the set gets
 * its flags reported; once CONDSTORE is enabled each report carries MODSEQ, and .SILENT still reports the new MODSEQ.
 * Flags the user has no right to change are left alone ({@link StoreRights}).
 */
public final class StoreHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        StoreCommand command = StoreCommand.parse(in);
        SelectedFolder selected = ctx.selected();
        long[] uids = selected.resolve(command.set(), uid);
        if (selected.readOnly()) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        if (command.unchangedSince() >= 0) {
            ctx.enabled().enableCondstore();
        }
        boolean condstore = ctx.enabled().condstore();
        String done = (uid ? "UID STORE" : "STORE") + " completed";
        Rights rights = selected.rights();
        Set<String> allowed = StoreRights.allowed(rights, command.flags());
        if (command.mode() == ImapMessages.FlagMode.REPLACE ? !rights.has('s') && !rights.has('t') && !rights.has('w')
                : allowed.isEmpty() && !command.flags().isEmpty()) {
            return Future.succeededFuture("NO [NOPERM] You may not change these flags in this mailbox");
        }
        long knownModseq = selected.knownModseq();
        return ctx.blocking(() -> store(ctx, selected, uids, command, allowed)).compose(stored -> {
                    for (ImapMessages.Flags f : stored.changed()) {
                        selected.ownChange(f.modseq());
                        int seq = selected.view().seq(f.uid());
                        if (seq == 0) {
                            continue;
                        }
                        if (!command.silent()) {
                            ctx.write(UntaggedResponses.flags(seq, uid ? f.uid() : -1,
                                    selected.flags(f.uid(), f.flags()), condstore ? f.modseq() : -1));
                        } else if (condstore) {
                            ctx.write("* " + seq + " FETCH (" + (uid ? "UID " + f.uid() + " " : "") + "MODSEQ ("
                                    + f.modseq() + "))");
                        }
                    }
                    Future<Void> rest = command.silent() ? Future.succeededFuture()
                            : reportUnchanged(ctx, selected, uids, stored, uid, condstore);
                    return rest.compose(v -> reportOthers(ctx, selected, knownModseq, stored)).map(v -> {
                        if (stored.modified().length == 0) {
                            return "OK " + done;
                        }
                        long[] numbers = uid ? stored.modified()
                                : Arrays.stream(stored.modified()).map(u -> selected.view().seq(u)).filter(s -> s > 0)
                                        .sorted().toArray();
                        return "OK [MODIFIED " + SequenceSet.format(numbers) + "] Conditional " + done;
                    });
                });
    }

    /**
     * Stores the flags the user may change. Replacing every flag without the right to change them all becomes adding
     * the allowed given flags and removing the other system flags the user may change (keywords not given stay).
     */
    private static ImapMessages.Stored store(ImapContext ctx, SelectedFolder selected, long[] uids,
            StoreCommand command, Set<String> allowed) {
        ImapMessages messages = ctx.messages();
        if (StoreRights.all(selected.rights())) {
            return messages.store(selected.owner(), selected.folderId(), uids, command.mode(), command.flags(),
                    command.unchangedSince());
        }
        if (command.mode() != ImapMessages.FlagMode.REPLACE) {
            return messages.store(selected.owner(), selected.folderId(), uids, command.mode(), allowed,
                    command.unchangedSince());
        }
        Set<String> removed = StoreRights.allowed(selected.rights(), new java.util.TreeSet<>(
                Set.of("\\Seen", "\\Deleted", "\\Answered", "\\Flagged", "\\Draft")));
        removed.removeAll(command.flags());
        ImapMessages.Stored added = messages.store(selected.owner(), selected.folderId(), uids,
                ImapMessages.FlagMode.ADD, allowed, command.unchangedSince());
        ImapMessages.Stored taken = messages.store(selected.owner(), selected.folderId(), uids,
                ImapMessages.FlagMode.REMOVE, removed, command.unchangedSince());
        java.util.Map<Long, ImapMessages.Flags> changed = new java.util.TreeMap<>();
        added.changed().forEach(f -> changed.put(f.uid(), f));
        taken.changed().forEach(f -> changed.put(f.uid(), f));
        long[] modified = java.util.stream.LongStream.concat(Arrays.stream(added.modified()),
                Arrays.stream(taken.modified())).distinct().sorted().toArray();
        return new ImapMessages.Stored(List.copyOf(changed.values()), modified);
    }

    /**
     * Reports what others changed meanwhile (no expunges during STORE). When this STORE took the MODSEQ right after
     * the last one the session reported, nobody else changed the folder in between (every change takes the next
     * MODSEQ: flags, new messages, expunges): the session is up to date without asking the database.
     */
    private static Future<Void> reportOthers(ImapContext ctx, SelectedFolder selected, long knownModseq,
            ImapMessages.Stored stored) {
        boolean onlyOwn = !stored.changed().isEmpty() && selected.knownModseq() == knownModseq
                && stored.changed().stream().allMatch(f -> f.modseq() == knownModseq + 1);
        if (!onlyOwn) {
            return ctx.sync(false);
        }
        selected.reported(knownModseq + 1, selected.knownUidNext());
        return Future.succeededFuture();
    }

    /** Messages the STORE did not change still get their flags reported (RFC 3501 section 6.4.6). */
    private static Future<Void> reportUnchanged(ImapContext ctx, SelectedFolder selected, long[] uids,
            ImapMessages.Stored stored, boolean uid, boolean condstore) {
        Set<Long> done = new HashSet<>();
        stored.changed().forEach(f -> done.add(f.uid()));
        Arrays.stream(stored.modified()).forEach(done::add);
        long[] rest = Arrays.stream(uids).filter(u -> !done.contains(u)).toArray();
        if (rest.length == 0) {
            return Future.succeededFuture();
        }
        return ctx.blocking(() -> ctx.messages().meta(selected.folderId(), rest, false)).map(metas -> {
            for (ImapMessages.Meta m : metas) {
                int seq = selected.view().seq(m.uid());
                if (seq > 0) {
                    ctx.write(UntaggedResponses.flags(seq, uid ? m.uid() : -1, selected.flags(m.uid(), m.flags()),
                            condstore ? m.modseq() : -1));
                }
            }
            return null;
        });
    }
}
