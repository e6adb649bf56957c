package io.postvault.search.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.jboss.logging.Logger;

/**
 * Reads the words of a message with Mime4j: the headers From, To, Cc, Subject, Message-ID and Date (encoded words
 * decoded), the text of its text/plain and text/html parts (charsets decoded, quoted-printable and base64 undone, HTML
 * tags and entities stripped) and the names of its attachments. Never throws: a message Mime4j cannot read still gives
 * the headers found by a plain scan of its header block.
 */
public final class MessageTextExtractor {

    private static final Logger LOG = Logger.getLogger(MessageTextExtractor.class);
    private static final int MAX_DEPTH = 20;

    private final int maxTextChars;

    public MessageTextExtractor(int maxTextChars) {
        this.maxTextChars = maxTextChars;
    }

    public ExtractedMessage extract(byte[] raw) {
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            builder.setDecodeMonitor(DecodeMonitor.SILENT);
            Message message = builder.parseMessage(new ByteArrayInputStream(raw));
            StringBuilder text = new StringBuilder();
            List<String> attachments = new ArrayList<>();
            walk(message, text, attachments, 0);
            return new ExtractedMessage(header(message, "From"), header(message, "To"), header(message, "Cc"),
                    header(message, "Subject"), header(message, "Message-ID"), date(message), text.toString().strip(),
                    attachments);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("unreadable MIME, indexing its headers only: %s", e.getMessage());
            return headersOnly(raw, maxTextChars);
        }
    }

    private void walk(Entity entity, StringBuilder text, List<String> attachments, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        Body body = entity.getBody();
        String filename = entity.getFilename();
        if (filename != null && !filename.isBlank()) {
            attachments.add(DecoderUtil.decodeEncodedWords(filename, DecodeMonitor.SILENT).strip());
        }
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                walk(part, text, attachments, depth + 1);
            }
        } else if (body instanceof Message nested) {
            walk(nested, text, attachments, depth + 1);
        } else if (body instanceof TextBody textBody && filename == null
                && !"attachment".equalsIgnoreCase(entity.getDispositionType())) {
            String mimeType = entity.getMimeType().toLowerCase(Locale.ROOT);
            if (mimeType.equals("text/plain") || mimeType.equals("text/html")) {
                try (Reader reader = mimeType.equals("text/html")
                        ? new HTMLStripCharFilter(textBody.getReader()) : textBody.getReader()) {
                    append(reader, text);
                }
            }
        }
    }

    private void append(Reader reader, StringBuilder text) throws IOException {
        if (text.length() > 0) {
            text.append('\n');
        }
        char[] buffer = new char[8192];
        int read;
        while (text.length() < maxTextChars && (read = reader.read(buffer)) != -1) {
            text.append(buffer, 0, Math.min(read, maxTextChars - text.length()));
        }
    }

    private static String header(Message message, String name) {
        Field field = message.getHeader() == null ? null : message.getHeader().getField(name);
        if (field == null || field.getBody() == null) {
            return null;
        }
        return clean(DecoderUtil.decodeEncodedWords(field.getBody(), DecodeMonitor.SILENT));
    }

    private static Instant date(Message message) {
        try {
            Field field = message.getHeader() == null ? null : message.getHeader().getField("Date");
            if (field instanceof DateTimeField dateField) {
                Date date = dateField.getDate();
                return date == null ? null : date.toInstant();
            }
        } catch (RuntimeException e) {
            // an unreadable Date header is no date
        }
        return null;
    }

    /** The fallback: the header block scanned line by line (folded lines joined), the rest as plain text. */
    static ExtractedMessage headersOnly(byte[] raw, int maxTextChars) {
        String content = new String(raw, StandardCharsets.UTF_8);
        int end = content.indexOf("\r\n\r\n");
        int skip = 4;
        if (end < 0 || content.indexOf("\n\n") >= 0 && content.indexOf("\n\n") < end) {
            end = content.indexOf("\n\n");
            skip = 2;
        }
        String headers = end < 0 ? content : content.substring(0, end);
        String body = end < 0 ? "" : content.substring(end + skip);
        String from = null;
        String to = null;
        String cc = null;
        String subject = null;
        String messageId = null;
        try (var lines = new java.io.BufferedReader(new StringReader(headers.replaceAll("\r?\n[ \t]+", " ")))) {
            String line;
            while ((line = lines.readLine()) != null) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = clean(DecoderUtil.decodeEncodedWords(line.substring(colon + 1), DecodeMonitor.SILENT));
                switch (name) {
                    case "from" -> from = from == null ? value : from;
                    case "to" -> to = to == null ? value : to;
                    case "cc" -> cc = cc == null ? value : cc;
                    case "subject" -> subject = subject == null ? value : subject;
                    case "message-id" -> messageId = messageId == null ? value : messageId;
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read
        }
        body = body.strip();
        return new ExtractedMessage(from, to, cc, subject, messageId, null,
                body.length() > maxTextChars ? body.substring(0, maxTextChars) : body, List.of());
    }

    private static String clean(String value) {
        String stripped = value == null ? null : value.replaceAll("\\s+", " ").strip();
        return stripped == null || stripped.isEmpty() ? null : stripped;
    }
}
