package io.postvault.protocol.submission;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The header fields the submission server puts in front of the client's message: always a {@code Received} trace
 * field (RFC 5321 section 4.4, protocol ESMTPSA/ESMTPA per RFC 3848), and {@code Message-ID} and {@code Date} when the
 * client left them out (RFC 6409 sections 8.2 and 8.3). Nothing else of the message is changed.
 */
final class AddedHeaders {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private AddedHeaders() {
    }

    /**
     * @param helo       the client's EHLO/HELO name
     * @param clientHost the client's host name (its IP when unknown)
     * @param tls        whether the session runs over TLS (ESMTPSA, else ESMTPA)
     * @param id         the session's transaction id
     */
    static String render(HeaderScan scan, String helo, String clientHost, String clientIp, String serverHost,
            boolean tls, String id, ZonedDateTime now) {
        StringBuilder out = new StringBuilder(256);
        out.append("Received: from ").append(helo).append(" (").append(clientHost).append(" [").append(clientIp)
                .append("])\r\n\tby ").append(serverHost).append(" (PostVault) with ").append(tls ? "ESMTPSA" : "ESMTPA")
                .append(" id ").append(id).append(";\r\n\t").append(RFC_5322.format(now)).append("\r\n");
        if (!scan.hasMessageId()) {
            out.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(serverHost).append(">\r\n");
        }
        if (!scan.hasDate()) {
            out.append("Date: ").append(RFC_5322.format(now)).append("\r\n");
        }
        return out.toString();
    }
}
