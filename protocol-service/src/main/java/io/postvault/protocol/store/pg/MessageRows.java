package io.postvault.protocol.store.pg;

import io.postvault.events.data.MessageSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Reading the header summary columns of the message table. */
final class MessageRows {

    /** The summary columns, in the order {@link #summary} reads them. */
    static final String SUMMARY_COLUMNS =
            "m.hdr_from, m.hdr_to, m.hdr_cc, m.hdr_subject, m.hdr_message_id, m.hdr_date, m.has_attachments";

    private MessageRows() {
    }

    static MessageSummary summary(ResultSet rs, int first) throws SQLException {
        return new MessageSummary(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), instant(rs.getTimestamp(first + 5)),
                rs.getBoolean(first + 6));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
