package io.postvault.events;

import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveRestored;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.DomainDeleted;
import io.postvault.events.data.EventData;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.FolderDeleted;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaWarning;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract: its CloudEvents {@code type}, the record its data binds to, and its topic. */
public enum EventType {
    MESSAGE_DELIVERED("message.delivered", NewMessage.class, Topics.MAIL),
    MESSAGE_APPENDED("message.appended", NewMessage.class, Topics.MAIL),
    MESSAGE_FLAGS_CHANGED("message.flags-changed", MessageFlagsChanged.class, Topics.MAIL),
    MESSAGE_MOVED("message.moved", MessageMoved.class, Topics.MAIL),
    MESSAGE_COPY_REMOVED("message.copy-removed", MessageCopyRemoved.class, Topics.MAIL),
    MESSAGE_REMOVED("message.removed", MessageRemoved.class, Topics.MAIL),
    MESSAGE_SUBMITTED("message.submitted", MessageSubmitted.class, Topics.MAIL),
    FOLDER_DELETED("folder.deleted", FolderDeleted.class, Topics.MAIL),
    ACCOUNT_CREATED("account.created", AccountCreated.class, Topics.MAIL),
    ACCOUNT_DELETED("account.deleted", AccountDeleted.class, Topics.MAIL),
    DOMAIN_CREATED("domain.created", DomainCreated.class, Topics.MAIL),
    DOMAIN_DELETED("domain.deleted", DomainDeleted.class, Topics.MAIL),
    ARCHIVE_STORED("archive.stored", ArchiveStored.class, Topics.ARCHIVE),
    ARCHIVE_EVICTED("archive.evicted", ArchiveEvicted.class, Topics.ARCHIVE),
    ARCHIVE_RESTORED("archive.restored", ArchiveRestored.class, Topics.ARCHIVE),
    ARCHIVE_DELETED("archive.deleted", ArchiveDeleted.class, Topics.ARCHIVE),
    EVICTION_REQUESTED("quota.eviction-requested", EvictionRequested.class, Topics.QUOTA),
    PLAN_CHANGED("quota.plan-changed", PlanChanged.class, Topics.QUOTA),
    QUOTA_WARNING("quota.warning", QuotaWarning.class, Topics.QUOTA);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends EventData> dataType;
    private final String topic;

    EventType(String wireName, Class<? extends EventData> dataType, String topic) {
        this.wireName = wireName;
        this.dataType = dataType;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code message.removed}. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends EventData> dataType() {
        return dataType;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
