package io.postvault.search.extract;

import java.time.Instant;
import java.util.List;

/** What a message's bytes say: headers (null when absent), body text and attachment names. */
public record ExtractedMessage(String from, String to, String cc, String subject, String messageId, Instant date,
                               String body, List<String> attachments) {

    public static final ExtractedMessage EMPTY = new ExtractedMessage(null, null, null, null, null, null, "", List.of());
}
