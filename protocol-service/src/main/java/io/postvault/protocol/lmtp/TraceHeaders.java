package io.postvault.protocol.lmtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The trace headers prepended to a delivered message, as Dovecot's LMTP server writes them: {@code Return-Path},
 * {@code Delivered-To} and {@code Received}. The recipient appears only when the transaction has exactly one, so that
 * all recipients of a transaction get identical bytes and the blob is stored once.
 */
public final class TraceHeaders {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private TraceHeaders() {
    }

    /**
     * @param sender     the envelope sender, empty for {@code <>}
     * @param recipients the accepted recipients, as the client wrote them
     * @param lhlo       the client's LHLO name
     * @param clientHost the client's host name (its IP when unknown)
     * @param clientIp   the client's IP address
     * @param serverHost this server's name
     * @param id         the transaction id
     */
    public static String render(String sender, List<String> recipients, String lhlo, String clientHost,
            String clientIp, String serverHost, String id, ZonedDateTime now) {
        StringBuilder out = new StringBuilder(256);
        out.append("Return-Path: <").append(sender).append(">\r\n");
        boolean single = recipients.size() == 1;
        if (single) {
            out.append("Delivered-To: ").append(recipients.get(0)).append("\r\n");
        }
        out.append("Received: from ").append(lhlo).append(" (").append(clientHost).append(" [").append(clientIp)
                .append("])\r\n\tby ").append(serverHost).append(" with LMTP id ").append(id);
        if (single) {
            out.append("\r\n\tfor <").append(recipients.get(0)).append(">");
        }
        out.append("; ").append(RFC_5322.format(now)).append("\r\n");
        return out.toString();
    }
}
