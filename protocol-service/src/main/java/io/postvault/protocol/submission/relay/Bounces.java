package io.postvault.protocol.submission.relay;

import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.submission.QueuedMessage;
import io.postvault.protocol.submission.SubmissionConfig;
import io.postvault.protocol.submission.SubmissionQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells the sender that recipients of a message it was told was accepted will not get it: a delivery status
 * notification (RFC 3464, multipart/report of RFC 6522, with the original header as text/rfc822-headers) delivered
 * into the sender's INBOX through the ordinary delivery path. Never for a refusal the client was told at once
 * ({@code 554} to its DATA): it knows already.
 */
@ApplicationScoped
public class Bounces {

    private static final Logger LOG = Logger.getLogger(Bounces.class);
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final int MAX_HEADER = 64 * 1024;

    private final MailDelivery delivery;
    private final Recipients accounts;
    private final SubmissionQueue queue;
    private final String hostname;

    Bounces(MailDelivery delivery, Recipients accounts, SubmissionQueue queue, SubmissionConfig config) {
        this.delivery = delivery;
        this.accounts = accounts;
        this.queue = queue;
        this.hostname = config.hostname();
    }

    /** Delivers the notification for {@code failed} recipients of {@code message}; best effort, logged when it fails. */
    public void send(QueuedMessage message, List<String> failed, String reply) {
        Optional<Mailbox> sender = accounts.find(message.address());
        if (sender.isEmpty()) {
            LOG.warnf("submission %d: no account %s any more to bounce to", message.id(), message.address());
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("bounce-", ".eml");
            Files.write(file, render(message, failed, reply, originalHeader(message)));
            Map<Mailbox, DeliveryOutcome> outcome = delivery.deliver(new SpooledMessage(file, Files.size(file)), "",
                    List.of(sender.get()));
            if (outcome.get(sender.get()) != DeliveryOutcome.DELIVERED) {
                LOG.warnf("submission %d: bounce to %s not delivered (%s)", message.id(), message.address(),
                        outcome.get(sender.get()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "submission %d: could not bounce to %s", message.id(), message.address());
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private String originalHeader(QueuedMessage message) {
        try (InputStream in = queue.open(message)) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int previous = -1;
            int b;
            while ((b = in.read()) != -1 && header.size() < MAX_HEADER) {
                if (b == '\n' && previous == '\n') {
                    break;
                }
                header.write(b);
                if (b != '\r') {
                    previous = b;
                }
            }
            return header.toString(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    byte[] render(QueuedMessage message, List<String> failed, String reply, String originalHeader) {
        String boundary = "=_bounce_" + UUID.randomUUID();
        String now = RFC_5322.format(ZonedDateTime.now());
        String diagnostic = reply == null ? "" : reply.replaceAll("[\\r\\n]+", " ").trim();
        StringBuilder out = new StringBuilder(2048);
        out.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n")
                .append("To: <").append(message.address()).append(">\r\n")
                .append("Subject: Undelivered Mail Returned to Sender\r\n")
                .append("Date: ").append(now).append("\r\n")
                .append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n")
                .append("Auto-Submitted: auto-replied\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"").append(boundary)
                .append("\"\r\n\r\n")
                .append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append("Your message submitted at ").append(message.submittedAt())
                .append(" could not be delivered to:\r\n\r\n");
        failed.forEach(r -> out.append("  <").append(r).append(">\r\n"));
        out.append("\r\nThe mail server said: ").append(diagnostic).append("\r\n\r\n")
                .append("--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n")
                .append("Reporting-MTA: dns; ").append(hostname).append("\r\n")
                .append("Arrival-Date: ").append(RFC_5322.format(message.submittedAt().atZone(java.time.ZoneOffset.UTC)))
                .append("\r\n");
        for (String recipient : failed) {
            out.append("\r\nFinal-Recipient: rfc822; ").append(recipient).append("\r\nAction: failed\r\n")
                    .append("Status: ").append(status(diagnostic)).append("\r\nDiagnostic-Code: smtp; ").append(diagnostic)
                    .append("\r\n");
        }
        out.append("\r\n--").append(boundary).append("\r\nContent-Type: text/rfc822-headers\r\n\r\n")
                .append(originalHeader.endsWith("\n") || originalHeader.isEmpty() ? originalHeader : originalHeader + "\r\n")
                .append("\r\n--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The enhanced status code in the reply (RFC 3463), else 5.0.0. */
    static String status(String diagnostic) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([45])\\.(\\d{1,3})\\.(\\d{1,3})\\b")
                .matcher(diagnostic);
        String found = null;
        while (m.find()) {
            found = "5." + m.group(2) + "." + m.group(3); // a bounce is final, whatever the last attempt said
        }
        return found == null ? "5.0.0" : found;
    }
}
