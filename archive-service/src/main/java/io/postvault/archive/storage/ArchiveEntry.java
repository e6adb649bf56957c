package io.postvault.archive.storage;

import io.postvault.events.data.Direction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One archived message: its metadata; the bytes are the object {@code blobId} of the archive bucket. */
@Entity
@Table(name = "archive_entry")
public class ArchiveEntry {

    @Id
    public UUID id;
    @Column(name = "account_id", nullable = false)
    public String accountId;
    @Column(nullable = false)
    public String address;
    @Column(nullable = false)
    public String domain;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Direction direction;
    @Column(name = "origin_folder")
    public String originFolder;
    /** A {@link io.postvault.events.data.RemovalReason} name, or {@link #SUBMITTED}. */
    @Column(nullable = false)
    public String reason;
    @Column(name = "removed_at", nullable = false)
    public Instant removedAt;
    @Column(name = "internal_date", nullable = false)
    public Instant internalDate;
    @Column(nullable = false)
    public long size;
    @Column(name = "from_header")
    public String from;
    @Column(name = "to_header")
    public String to;
    @Column(name = "cc_header")
    public String cc;
    public String subject;
    @Column(name = "message_id")
    public String messageId;
    @Column(name = "has_attachments", nullable = false)
    public boolean hasAttachments;
    @Column(name = "blob_id", nullable = false)
    public String blobId;
    @Column(name = "source_event_id", nullable = false)
    public UUID sourceEventId;
    @Column(name = "archived_at", nullable = false)
    public Instant archivedAt;

    /** The reason of an entry archived at submission (SMTP), not removed from a folder. */
    public static final String SUBMITTED = "SUBMITTED";
}
