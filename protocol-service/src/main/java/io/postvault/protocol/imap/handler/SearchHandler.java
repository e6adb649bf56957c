package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.command.SearchCommand;
import io.postvault.protocol.imap.command.SearchCommand.Return;
import io.postvault.protocol.imap.command.SortCommand;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.imap.session.SelectedFolder;
import io.postvault.protocol.store.ImapMessages;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * SEARCH and UID SEARCH (RFC 3501 section 6.4.4) with ESEARCH return options (RFC 4731), SEARCHRES (RFC 5182: SAVE
 * into "$") and the MODSEQ key (RFC 7162 section 3.1.5); SORT and UID SORT (RFC 5256). The store sees UIDs only.
 * Once IMAP4rev2 is enabled (RFC 9051 section 6.4.4), SEARCH without RETURN is RETURN (ALL): answered by ESEARCH, and
 * the keys RECENT, NEW and OLD are gone.
 */
public final class SearchHandler {

    private SearchHandler() {
    }

    public static Future<String> search(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        SelectedFolder selected = ctx.selected();
        SearchCommand command = SearchCommand.parse(in, bySequence(selected), set -> selected.resolve(set, true),
                selected::recentUids, ctx.config().maxSearchKeys());
        Set<Return> returns = command.returns() == null && ctx.enabled().imap4rev2() ? EnumSet.of(Return.ALL)
                : command.returns();
        boolean modseq = command.usesModseq();
        if (modseq) {
            ctx.enabled().enableCondstore();
        }
        long[] within = selected.view().byUid(SequenceSet.parse("1:*"));
        String done = "OK " + (uid ? "UID SEARCH" : "SEARCH") + " completed";
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        return ctx.blocking(() -> new Searched(ctx.messages().search(selected.folderId(), command.key(), within),
                updates.read())).map(searched -> {
                    ImapMessages.Found found = searched.found();
                    long[] uids = found.uids();
                    if (returns == null) {
                        ctx.write(UntaggedResponses.numbers("SEARCH", numbers(selected, uids, uid),
                                modseq ? found.highestModseq() : 0));
                    } else {
                        esearch(ctx, tag, selected, returns, found, uid, modseq);
                    }
                    searched.updates().apply(ctx, false);
                    return done;
                });
    }

    /** What a SEARCH found, and what others changed in the folder, read in one worker task. */
    private record Searched(ImapMessages.Found found, FolderUpdates.Read updates) {
    }

    private static void esearch(ImapContext ctx, String tag, SelectedFolder selected, Set<Return> returns,
            ImapMessages.Found found, boolean uid, boolean modseq) {
        long[] uids = found.uids();
        boolean min = returns.contains(Return.MIN);
        boolean max = returns.contains(Return.MAX);
        boolean all = returns.contains(Return.ALL);
        boolean count = returns.contains(Return.COUNT);
        if (returns.contains(Return.SAVE)) {
            // RFC 5182 section 2.4: with MIN and/or MAX alone, only those messages are saved
            if (all || count || !(min || max) || uids.length == 0) {
                selected.save(uids);
            } else {
                selected.save(Arrays.stream(new long[] {min ? uids[0] : uids[uids.length - 1],
                        max ? uids[uids.length - 1] : uids[0]}).distinct().sorted().toArray());
            }
            if (!min && !max && !all && !count) {
                return; // SAVE alone: no ESEARCH response
            }
        }
        long[] numbers = numbers(selected, uids, uid);
        ctx.write(UntaggedResponses.esearch(tag, uid, min && numbers.length > 0 ? numbers[0] : 0,
                max && numbers.length > 0 ? numbers[numbers.length - 1] : 0, count ? numbers.length : -1,
                all ? numbers : null, modseq ? returnedModseq(found, min, max, all || count) : 0));
    }

    /**
     * The MODSEQ of an ESEARCH response (RFC 4731 section 3.2, RFC 7162 section 3.1.5): the highest MODSEQ of the
     * messages the response returns; with MIN and/or MAX alone, those are just the first and/or last message found.
     */
    private static long returnedModseq(ImapMessages.Found found, boolean min, boolean max, boolean allReturned) {
        long[] modseqs = found.modseqs();
        if (modseqs.length == 0 || allReturned || !min && !max) {
            return found.highestModseq();
        }
        return Math.max(min ? modseqs[0] : 0, max ? modseqs[modseqs.length - 1] : 0);
    }

    public static Future<String> sort(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        SelectedFolder selected = ctx.selected();
        SortCommand command = SortCommand.parse(in, bySequence(selected), set -> selected.resolve(set, true),
                selected::recentUids, ctx.config().maxSearchKeys());
        long[] within = selected.view().byUid(SequenceSet.parse("1:*"));
        FolderUpdates.Pending updates = FolderUpdates.pending(ctx);
        return ctx.blocking(() -> new Sorted(ctx.messages().sort(selected.folderId(), command.criteria(),
                command.key(), within), updates.read())).map(sorted -> {
                    long[] out = uid ? sorted.uids() : Arrays.stream(sorted.uids()).map(u -> selected.view().seq(u))
                            .filter(s -> s > 0).toArray();
                    ctx.write(UntaggedResponses.numbers("SORT", out, 0));
                    sorted.updates().apply(ctx, false);
                    return "OK " + (uid ? "UID SORT" : "SORT") + " completed";
                });
    }

    /** The UIDs in SORT order, and what others changed in the folder, read in one worker task. */
    private record Sorted(long[] uids, FolderUpdates.Read updates) {
    }

    /** Sequence numbers to UIDs for search keys: "$" is the saved result; out of range numbers match nothing. */
    private static Function<SequenceSet, long[]> bySequence(SelectedFolder selected) {
        return set -> set.saved() ? selected.resolve(set, false) : selected.view().bySequenceInView(set);
    }

    private static long[] numbers(SelectedFolder selected, long[] uids, boolean uid) {
        if (uid) {
            return uids;
        }
        return Arrays.stream(uids).map(u -> selected.view().seq(u)).filter(s -> s > 0).toArray();
    }
}
