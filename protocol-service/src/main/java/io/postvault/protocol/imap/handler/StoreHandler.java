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
        String completed = (uid ? "UID STORE" : "STORE") + " completed";
        Rights rights = selected.rights();
        Set<String> allowed = StoreRights.allowed(rights, command.flags());
        if (command.mode() == ImapMessages.FlagMode.REPLACE ? !rights.has('s') && !rights.has('t') && !rights.has('w')
                : allowed.isEmpty() && !command.flags().isEmpty()) {
            return Future.succeededFuture("NO [NOPERM] You may not change these flags in this mailbox");
        }
        long knownModseq = selected.knownModseq();
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        // one worker task: the change, the flags of the messages it left alone, and what others changed meanwhile
        return ctx.blocking(() -> {
            ImapMessages.Stored stored = store(ctx, selected, uids, command, allowed);
            List<ImapMessages.Meta> unchanged = command.silent() ? List.of() : unchanged(ctx, selected, uids, stored);
            return new Done(stored, unchanged, onlyOwn(stored, knownModseq) ? null : updates.read());
        }).map(done -> {
            ImapMessages.Stored stored = done.stored();
            reportFlags(ctx, selected, done, command.silent(), uid, condstore);
            if (done.updates() == null) {
                selected.reported(knownModseq + 1, selected.knownUidNext());
            } else {
                done.updates().apply(ctx, false);
            }
            if (stored.modified().length == 0) {
                return "OK " + completed;
            }
            long[] numbers = uid ? stored.modified()
                    : Arrays.stream(stored.modified()).map(u -> selected.view().seq(u)).filter(s -> s > 0).sorted()
                            .toArray();
            return "OK [MODIFIED " + SequenceSet.format(numbers) + "] Conditional " + completed;
        });
    }

    /**
     * @param unchanged the messages of the set the STORE did not change, whose flags are still reported (RFC 3501
     *                  section 6.4.6); empty for .SILENT
     * @param updates   what others changed meanwhile (no expunges during STORE), or null when nobody else changed the
     *                  folder
     */
    private record Done(ImapMessages.Stored stored, List<ImapMessages.Meta> unchanged, FolderUpdates.Read updates) {
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
     * The new flags of the messages changed (without .SILENT; with it only their MODSEQ, once CONDSTORE is on), and the
     * flags of those the STORE left alone (RFC 3501 section 6.4.6). The changes are the session's own from now on.
     */
    private static void reportFlags(ImapContext ctx, SelectedFolder selected, Done done, boolean silent, boolean uid,
            boolean condstore) {
        for (ImapMessages.Flags f : done.stored().changed()) {
            selected.ownChange(f.modseq());
            int seq = selected.view().seq(f.uid());
            if (seq == 0) {
                continue;
            }
            if (!silent) {
                FlagsResponse.before(ctx, selected, f.flags());
                ctx.write(UntaggedResponses.flags(seq, uid ? f.uid() : -1, selected.flags(f.uid(), f.flags()),
                        condstore ? f.modseq() : -1));
            } else if (condstore) {
                ctx.write("* " + seq + " FETCH (" + (uid ? "UID " + f.uid() + " " : "") + "MODSEQ (" + f.modseq()
                        + "))");
            }
        }
        for (ImapMessages.Meta m : done.unchanged()) {
            int seq = selected.view().seq(m.uid());
            if (seq > 0) {
                FlagsResponse.before(ctx, selected, m.flags());
                ctx.write(UntaggedResponses.flags(seq, uid ? m.uid() : -1, selected.flags(m.uid(), m.flags()),
                        condstore ? m.modseq() : -1));
            }
        }
    }

    /**
     * True when this STORE took the MODSEQ right after the last one the session reported: then nobody else changed the
     * folder in between (every change takes the next MODSEQ: flags, new messages, expunges), and the session is up to
     * date without asking the database.
     */
    private static boolean onlyOwn(ImapMessages.Stored stored, long knownModseq) {
        return !stored.changed().isEmpty() && stored.changed().stream().allMatch(f -> f.modseq() == knownModseq + 1);
    }

    /** The messages of the set the STORE did not change (nor refused as modified), with their flags. */
    private static List<ImapMessages.Meta> unchanged(ImapContext ctx, SelectedFolder selected, long[] uids,
            ImapMessages.Stored stored) {
        Set<Long> done = new HashSet<>();
        stored.changed().forEach(f -> done.add(f.uid()));
        Arrays.stream(stored.modified()).forEach(done::add);
        long[] rest = Arrays.stream(uids).filter(u -> !done.contains(u)).toArray();
        return rest.length == 0 ? List.of() : ctx.messages().meta(selected.folderId(), rest, false);
    }
}
