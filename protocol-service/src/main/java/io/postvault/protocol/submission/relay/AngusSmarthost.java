package io.postvault.protocol.submission.relay;

import io.postvault.protocol.submission.SubmissionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Relays with Angus Mail's SMTP transport: a maintained client that already does EHLO, STARTTLS when offered (or
 * required), implicit TLS, AUTH (PLAIN, LOGIN, ...), SMTPUTF8, dot-stuffing and per-recipient reply codes. Its
 * conversation is blocking, which is fine on the relay's own worker threads, and the message is streamed from the
 * blob store ({@link RawMessage}): the smarthost gets the stored bytes unchanged.
 */
@ApplicationScoped
public class AngusSmarthost implements Smarthost {

    private final SubmissionConfig.Relay config;
    private final Session session;

    @Inject
    public AngusSmarthost(SubmissionConfig config) {
        this.config = config.relay();
        this.session = Session.getInstance(properties(this.config));
    }

    static Properties properties(SubmissionConfig.Relay config) {
        String protocol = config.implicitTls() ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", config.host());
        props.setProperty(p + "port", String.valueOf(config.port()));
        props.setProperty(p + "localhost", config.heloName());
        props.setProperty(p + "starttls.enable", String.valueOf(!config.implicitTls()));
        props.setProperty(p + "starttls.required", String.valueOf(config.requireTls() && !config.implicitTls()));
        config.trustHosts().ifPresent(hosts -> props.setProperty(p + "ssl.trust", hosts));
        props.setProperty(p + "auth", String.valueOf(config.username().isPresent()));
        String timeout = String.valueOf(config.timeout().toMillis());
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        // relay to the recipients the smarthost takes; the refused ones are reported per address
        props.setProperty(p + "sendpartial", "true");
        props.setProperty("mail.mime.allowutf8", "true");
        return props;
    }

    @Override
    public RelayResult relay(String envelopeFrom, List<String> recipients, InputStream message) {
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session.getTransport();
        } catch (MessagingException e) {
            return RelayResult.temporaryFailure(recipients, describe(e));
        }
        try {
            transport.connect(config.host(), config.port(), config.username().orElse(null),
                    config.password().orElse(null));
            RawMessage raw = new RawMessage(session, message);
            raw.setEnvelopeFrom(envelopeFrom);
            if (transport.supportsExtension("8BITMIME")) {
                raw.setMailExtension("BODY=8BITMIME"); // the client's bytes go through unchanged, 8-bit or not
            }
            transport.sendMessage(raw, addresses(recipients));
            return RelayResult.relayed(transport.getLastServerResponse());
        } catch (SendFailedException e) {
            return partial(recipients, e);
        } catch (MessagingException e) {
            // connection refused, timeout, TLS or AUTH failure: nothing was taken, try again later
            return RelayResult.temporaryFailure(recipients, describe(e));
        } finally {
            closeQuietly(transport);
        }
    }

    /** A failing QUIT after the message was taken must not turn into a retry (that would send it twice). */
    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the outcome is decided already
        }
    }

    /**
     * MAIL, RCPT or DATA refused. With {@code sendpartial} the message went to the "valid sent" recipients; "valid
     * unsent" ones were refused temporarily (4xx) or not tried because the message failed; "invalid" ones for good.
     */
    private static RelayResult partial(List<String> recipients, SendFailedException e) {
        List<String> sent = names(e.getValidSentAddresses());
        List<String> refused = names(e.getInvalidAddresses());
        List<String> unsent = new ArrayList<>(recipients);
        unsent.removeIf(r -> sent.stream().anyMatch(r::equalsIgnoreCase) || refused.stream().anyMatch(r::equalsIgnoreCase));
        if (sent.isEmpty() && e instanceof SMTPSendFailedException failed && failed.getReturnCode() >= 500) {
            return RelayResult.permanentFailure(recipients, describe(e)); // MAIL FROM or the message itself refused
        }
        List<String> refusedAsGiven = new ArrayList<>(recipients);
        refusedAsGiven.removeIf(r -> refused.stream().noneMatch(r::equalsIgnoreCase));
        return new RelayResult(unsent, refusedAsGiven, describe(e));
    }

    private static Address[] addresses(List<String> recipients) {
        Address[] out = new Address[recipients.size()];
        for (int i = 0; i < out.length; i++) {
            InternetAddress address = new InternetAddress();
            address.setAddress(recipients.get(i)); // as the client gave it (SMTPUTF8 included), unparsed
            out[i] = address;
        }
        return out;
    }

    private static List<String> names(Address[] addresses) {
        return addresses == null ? List.of()
                : Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).trim());
        Exception next = e.getNextException();
        for (int i = 0; next != null && i < 5; i++) {
            text.append("; ").append(String.valueOf(next.getMessage()).trim());
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return text.toString();
    }

    /** A message whose bytes are written out exactly as stored; Angus only adds the SMTP dot-stuffing. */
    static final class RawMessage extends SMTPMessage {

        private final InputStream bytes;

        RawMessage(Session session, InputStream bytes) {
            super(session);
            this.bytes = bytes;
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreHeaders) throws IOException {
            bytes.transferTo(out);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            bytes.transferTo(out);
        }
    }
}
