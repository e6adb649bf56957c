package io.postvault.protocol.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Finds texts in a message the way IMAP SEARCH BODY and TEXT mean it (RFC 3501 section 6.4.4): in the decoded text of
 * its text parts (transfer encoding and charset undone), and for TEXT also in its header fields (encoded words
 * decoded); case-insensitive. Streams the message once for all the texts, in constant memory (a window as long as the
 * longest text); non-text parts are skipped.
 */
public final class MessageText {

    private static final MimeConfig CONFIG = new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMalformedHeaderStartsBody(true)
            .setMaxLineLen(-1)
            .setMaxHeaderLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxContentLen(-1)
            .build();

    /**
     * A text to find; {@code inHeaders} also looks in the header fields (TEXT), else the body only (BODY). With a
     * {@code header} name, only that field of the message's own header is searched (SEARCH HEADER, BCC): an empty text
     * then finds the messages that have the field.
     */
    public record Needle(String text, boolean inHeaders, String header) {

        public Needle(String text, boolean inHeaders) {
            this(text, inHeaders, null);
        }

        /** SEARCH HEADER field text (RFC 3501 section 6.4.4). */
        public static Needle header(String field, String text) {
            return new Needle(text, true, field);
        }
    }

    private MessageText() {
    }

    /** Which needles the message contains, by index. */
    public static boolean[] find(InputStream message, List<Needle> needles) throws IOException {
        boolean[] found = new boolean[needles.size()];
        String[] lower = needles.stream().map(n -> n.text().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        // what the body scan looks for: header needles (null here) are for one header field only
        String[] inBody = needles.stream().map(n -> n.header() == null ? n.text().toLowerCase(Locale.ROOT) : null)
                .toArray(String[]::new);
        for (int i = 0; i < lower.length; i++) {
            found[i] = lower[i].isEmpty() && needles.get(i).header() == null;
        }
        MimeStreamParser parser = new MimeStreamParser(CONFIG, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            /** Header blocks started so far: the first is the message's own, later ones are MIME parts'. */
            private int headers;

            @Override
            public void startHeader() {
                headers++;
            }

            @Override
            public void field(Field field) {
                String value = DecoderUtil.decodeEncodedWords(MimeUtil.unfold(field.getBody() == null ? ""
                        : field.getBody()), DecodeMonitor.SILENT).toLowerCase(Locale.ROOT);
                String text = field.getName().toLowerCase(Locale.ROOT) + ": " + value;
                for (int i = 0; i < lower.length; i++) {
                    Needle needle = needles.get(i);
                    if (needle.header() == null) {
                        found[i] |= needle.inHeaders() && text.contains(lower[i]);
                    } else if (headers == 1 && field.getName().equalsIgnoreCase(needle.header())) {
                        found[i] |= value.contains(lower[i]) || Addresses.contain(field, lower[i]);
                    }
                }
            }

            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                if (bd.getMimeType() == null || bd.getMimeType().toLowerCase(Locale.ROOT).startsWith("text/")) {
                    scan(new InputStreamReader(is, charset(bd.getCharset())), inBody, found);
                }
            }
        });
        try {
            parser.parse(message);
        } catch (MimeException e) {
            throw new IOException("unreadable message: " + e.getMessage(), e);
        }
        return found;
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.US_ASCII : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.ISO_8859_1; // unknown charset: bytes as characters, ASCII still matches
        }
    }

    /**
     * Looks for each text (null: none) in the stream through a window that keeps the last (longest text - 1)
     * characters.
     */
    private static void scan(Reader in, String[] texts, boolean[] found) throws IOException {
        int keep = 0;
        for (String t : texts) {
            keep = t == null ? keep : Math.max(keep, t.length() - 1);
        }
        char[] buffer = new char[8192];
        StringBuilder window = new StringBuilder();
        int n;
        while ((n = in.read(buffer)) > 0) {
            window.append(buffer, 0, n);
            String lower = window.toString().toLowerCase(Locale.ROOT);
            for (int i = 0; i < texts.length; i++) {
                found[i] |= texts[i] != null && lower.contains(texts[i]);
            }
            if (window.length() > keep) {
                window.delete(0, window.length() - keep);
            }
        }
    }
}
