package io.postvault.events.data;

/** A folder was deleted; its messages were removed (one {@code message.removed} each) before this event. */
public record FolderDeleted(String address, String folder, long uidValidity) implements EventData {
}
