package io.postvault.protocol.store.pg;

import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.FlagState;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.store.Mailbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code message.flags-changed} events of a flag update: one per message whose {@code \Seen} or {@code \Flagged}
 * the update changed (a change of other flags or keywords only gives none). A flag update joins {@link #OLD_FLAGS} to
 * see each row's flags before it, and returns {@link #BEFORE}: SQL's RETURNING sees only the new row.
 */
final class FlagChanges {

    static final String SEEN = "\\Seen";
    static final String FLAGGED = "\\Flagged";

    /**
     * {@code FROM} item of an {@code UPDATE message m}: the flags of the rows before the update, as {@code o} (join
     * {@code m.id = o.id}); parameters: folder id, UIDs (bigint[]). The folder row is locked by every flag writer
     * first, so no other update of these rows commits between this snapshot and the update.
     */
    static final String OLD_FLAGS = "(SELECT id, flags AS old_flags FROM message WHERE folder_id = ? AND uid = ANY (?)) o";
    /**
     * The {@code RETURNING} columns that tell whether \Seen and \Flagged were set before the update (named, so that a
     * {@code WITH} query can select them as {@code seen_before, flagged_before}).
     */
    static final String BEFORE = "'\\Seen' = ANY (o.old_flags) AS seen_before,"
            + " '\\Flagged' = ANY (o.old_flags) AS flagged_before";

    /** A message whose \Seen or \Flagged changed, and its state after the change. */
    record Changed(long uid, boolean seen, boolean flagged) {
    }

    private final List<Changed> changed = new ArrayList<>();

    /**
     * Notes the row of {@code uid} if its \Seen or \Flagged changed: {@code after} are its flags after the update,
     * the columns of {@link #BEFORE} are read at {@code beforeColumn}.
     */
    void note(long uid, Set<String> after, ResultSet rs, int beforeColumn) throws SQLException {
        note(uid, after, rs.getBoolean(beforeColumn), rs.getBoolean(beforeColumn + 1));
    }

    /** Notes the row of {@code uid} if its \Seen or \Flagged changed from {@code seenBefore}, {@code flaggedBefore}. */
    void note(long uid, Set<String> after, boolean seenBefore, boolean flaggedBefore) {
        boolean seen = after.contains(SEEN);
        boolean flagged = after.contains(FLAGGED);
        if (seen != seenBefore || flagged != flaggedBefore) {
            changed.add(new Changed(uid, seen, flagged));
        }
    }

    boolean isEmpty() {
        return changed.isEmpty();
    }

    /** The events of the noted changes, all at {@code modseq}, in UID order. */
    List<Event> events(Mailbox owner, PgImapMessages.FolderRow folder, long modseq) {
        return changed.stream().sorted((a, b) -> Long.compare(a.uid(), b.uid()))
                .map(c -> Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_FLAGS_CHANGED, owner.domain(),
                        owner.accountId().toString(), new MessageFlagsChanged(owner.address(), folder.name(),
                                folder.uidValidity(), c.uid(), new FlagState(c.seen(), c.flagged(), modseq))))
                .toList();
    }

    /** The state {@code message.appended} carries for a message arriving with {@code flags}. */
    static FlagState arriving(Set<String> flags, long modseq) {
        return new FlagState(flags.contains(SEEN), flags.contains(FLAGGED), modseq);
    }
}
