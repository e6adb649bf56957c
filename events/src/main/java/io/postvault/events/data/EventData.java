package io.postvault.events.data;

/**
 * The payload of an event. Every component is required unless annotated {@link Nullable}; producers always write every
 * field (null where allowed), and consumers ignore fields they do not know.
 */
public sealed interface EventData permits NewMessage, MessageFlagsChanged, MessageMoved, MessageCopyRemoved,
        MessageRemoved, MessageSubmitted, FolderDeleted,
        AccountCreated, AccountDeleted, DomainCreated, DomainDeleted, ArchiveStored, ArchiveEvicted, ArchiveRestored,
        ArchiveDeleted, EvictionRequested, PlanChanged, QuotaWarning {
}
