package io.postvault.protocol.store;

/**
 * Tells IMAP sessions that a folder changed, whoever changed it and on whichever replica. A listener only learns
 * "look again": it then asks {@link ImapMessages} what changed. Listeners run on a notifier thread and must hand over
 * to their own event loop at once.
 */
public interface FolderChanges {

    /** Calls {@code listener} after each committed change of the folder until the registration is closed. */
    Registration watch(long folderId, Runnable listener);

    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
