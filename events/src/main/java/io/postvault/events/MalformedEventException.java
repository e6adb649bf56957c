package io.postvault.events;

/** An event that cannot be read: the message names the offending field. Consumers send it to their dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    private final String field;

    public MalformedEventException(String field, String problem) {
        this(field, problem, null);
    }

    public MalformedEventException(String field, String problem, Throwable cause) {
        super("malformed event: " + (field == null ? problem : "field '" + field + "' " + problem), cause);
        this.field = field;
    }

    /** The JSON path of the offending field (such as {@code data.blobId}), or null when the whole record is unreadable. */
    public String field() {
        return field;
    }
}
