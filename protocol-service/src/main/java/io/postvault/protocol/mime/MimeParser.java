package io.postvault.protocol.mime;

import io.postvault.events.data.MessageSummary;
import io.postvault.protocol.mime.Envelope.EnvelopeAddress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Parses a message once, streaming (Apache James Mime4j): the summary for events, the ENVELOPE / BODYSTRUCTURE and
 * the raw header block for IMAP. Bodies are counted, never kept. Malformed input never throws: whatever could be read
 * is returned, with {@link ParsedMessage#complete()} false.
 */
public final class MimeParser {

    /** Deepest nesting of encapsulated messages that is parsed; deeper ones are plain leaves. */
    static final int MAX_DEPTH = 16;
    /** Longest summary field kept (they travel in every event of the message). */
    static final int MAX_SUMMARY_CHARS = 2000;

    private static final MimeConfig CONFIG = new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMalformedHeaderStartsBody(true)
            .setMaxLineLen(1_000_000)
            .setMaxHeaderLen(1_000_000)
            .setMaxHeaderCount(10_000)
            .setMaxContentLen(-1)
            .build();
    private static final Set<String> ENVELOPE_HEADERS = Set.of("date", "subject", "from", "sender", "reply-to", "to",
            "cc", "bcc", "in-reply-to", "message-id");
    private static final Set<String> UNENCODED = Set.of("7bit", "8bit", "binary");

    private final int depth;

    private MimeParser(int depth) {
        this.depth = depth;
    }

    /** Where {@link #parse(Source)} reads a message from: opened once, closed by the parser. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** Parses a message to be stored. Content that cannot be read gives an empty, incomplete result. */
    public static ParsedMessage parse(Source source) {
        try (InputStream in = source.open()) {
            return parse(in);
        } catch (IOException e) {
            return new Handler(0).result(false);
        }
    }

    /** Parses a message from a stream, which it reads to the end (the caller closes it). */
    public static ParsedMessage parse(InputStream in) {
        HeaderBlock.Capture capture = new HeaderBlock.Capture(in);
        return new MimeParser(0).run(capture).withHeader(capture.block());
    }

    private ParsedMessage run(InputStream in) {
        Handler handler = new Handler(depth);
        boolean complete = true;
        try {
            MimeStreamParser parser = new MimeStreamParser(CONFIG, DecodeMonitor.SILENT,
                    new DefaultBodyDescriptorBuilder());
            parser.setContentDecoding(false);
            parser.setNoRecurse();
            parser.setContentHandler(handler);
            parser.parse(in);
        } catch (Exception | StackOverflowError e) {
            complete = false;
        }
        return handler.result(complete);
    }

    /** Builds the result from Mime4j's events. */
    private static final class Handler extends AbstractContentHandler {

        private final Map<String, String> headers = new HashMap<>();
        private final Deque<Multipart> open = new ArrayDeque<>();
        private boolean inMessageHeader;
        private boolean messageHeaderDone;
        private BodyPart root;
        private final int depth;
        private boolean nestedIncomplete;

        Handler(int depth) {
            this.depth = depth;
        }

        private record Multipart(BodyDescriptor descriptor, List<BodyPart> parts) {
        }

        @Override
        public void startMessage() {
            if (!messageHeaderDone) {
                inMessageHeader = true;
            }
        }

        @Override
        public void field(Field field) {
            if (inMessageHeader) {
                String name = field.getNameLowerCase();
                if (ENVELOPE_HEADERS.contains(name)) {
                    headers.putIfAbsent(name, MimeUtil.unfold(field.getBody() == null ? "" : field.getBody()).trim());
                }
            }
        }

        @Override
        public void endHeader() {
            if (inMessageHeader) {
                inMessageHeader = false;
                messageHeaderDone = true;
            }
        }

        @Override
        public void startMultipart(BodyDescriptor descriptor) {
            open.push(new Multipart(descriptor, new ArrayList<>()));
        }

        @Override
        public void endMultipart() {
            Multipart multipart = open.pop();
            attach(multipart(multipart));
        }

        @Override
        public void preamble(InputStream is) throws IOException {
            is.transferTo(java.io.OutputStream.nullOutputStream());
        }

        @Override
        public void epilogue(InputStream is) throws IOException {
            is.transferTo(java.io.OutputStream.nullOutputStream());
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream is) throws IOException {
            Counting counted = new Counting(is);
            String type = lower(descriptor.getMediaType(), "text");
            String subtype = lower(descriptor.getSubType(), "plain");
            String encoding = lower(descriptor.getTransferEncoding(), "7bit");
            Envelope envelope = null;
            BodyPart message = null;
            boolean rfc822 = "message".equals(type) && "rfc822".equals(subtype) && UNENCODED.contains(encoding);
            if (rfc822 && depth + 1 < MAX_DEPTH) {
                ParsedMessage nested = new MimeParser(depth + 1).run(counted);
                envelope = nested.envelope();
                message = nested.body();
                nestedIncomplete |= !nested.complete();
            }
            counted.transferTo(java.io.OutputStream.nullOutputStream());
            Long lines = "text".equals(type) || rfc822 ? counted.lines() : null;
            attach(leaf(descriptor, type, subtype, encoding, counted.bytes, lines, envelope, message));
        }

        private void attach(BodyPart part) {
            if (open.isEmpty()) {
                root = part;
            } else {
                open.peek().parts().add(part);
            }
        }

        ParsedMessage result(boolean complete) {
            while (!open.isEmpty()) { // a truncated or broken multipart: keep what was read
                Multipart multipart = open.pop();
                attach(multipart(multipart));
                complete = false;
            }
            BodyPart body = root != null ? root : emptyText();
            Envelope envelope = envelope();
            MessageSummary summary = new MessageSummary(decoded("from"), decoded("to"), decoded("cc"),
                    decoded("subject"), cap(headers.get("message-id")), date(headers.get("date")),
                    body.hasAttachments());
            return new ParsedMessage(summary, envelope, body, complete && !nestedIncomplete, null);
        }

        private Envelope envelope() {
            return new Envelope(headers.get("date"), headers.get("subject"), addresses("from"),
                    addresses("sender"), addresses("reply-to"), addresses("to"), addresses("cc"), addresses("bcc"),
                    headers.get("in-reply-to"), headers.get("message-id"));
        }

        private List<EnvelopeAddress> addresses(String header) {
            String value = headers.get(header);
            List<EnvelopeAddress> result = new ArrayList<>();
            if (value == null || value.isBlank()) {
                return result;
            }
            AddressList list;
            try {
                list = LenientAddressParser.DEFAULT.parseAddressList(value);
            } catch (RuntimeException e) {
                return result;
            }
            List<String> comments = AddressComments.of(value);
            if (comments.size() != list.flatten().size()) {
                comments = null; // the parser skipped or split something: no comment is known to be whose
            }
            int index = 0;
            for (Address address : list) {
                if (address instanceof Mailbox mailbox) {
                    result.add(address(mailbox, comment(comments, index++)));
                } else if (address instanceof Group group) {
                    result.add(new EnvelopeAddress(null, null, group.getName(), null));
                    for (Mailbox member : group.getMailboxes()) {
                        result.add(address(member, comment(comments, index++)));
                    }
                    result.add(new EnvelopeAddress(null, null, null, null));
                }
            }
            return result;
        }

        private static String comment(List<String> comments, int index) {
            return comments == null ? null : comments.get(index);
        }

        /**
         * One mailbox; without a display name the comment after it is the name (as Dovecot does). A missing domain
         * or local part becomes MISSING_DOMAIN / MISSING_MAILBOX as in Dovecot: a NIL host would read as a group.
         */
        private static EnvelopeAddress address(Mailbox mailbox, String comment) {
            String adl = mailbox.getRoute() == null || mailbox.getRoute().isEmpty() ? null
                    : mailbox.getRoute().toRouteString();
            String name = mailbox.getName() == null || mailbox.getName().isEmpty() ? null : mailbox.getName();
            if (name == null && comment != null) {
                name = DecoderUtil.decodeEncodedWords(comment, DecodeMonitor.SILENT);
            }
            return new EnvelopeAddress(name, adl, orElse(mailbox.getLocalPart(), "MISSING_MAILBOX"),
                    orElse(mailbox.getDomain(), "MISSING_DOMAIN"));
        }

        private static String orElse(String value, String missing) {
            return value == null || value.isEmpty() ? missing : value;
        }

        private String decoded(String header) {
            String value = headers.get(header);
            if (value == null) {
                return null;
            }
            try {
                return cap(DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT));
            } catch (RuntimeException e) {
                return cap(value);
            }
        }

        private static Instant date(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                Date date = DateTimeFieldLenientImpl.PARSER.parse(
                        new org.apache.james.mime4j.stream.RawField("Date", value), DecodeMonitor.SILENT).getDate();
                return date == null ? null : date.toInstant();
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static String cap(String value) {
            return value == null || value.length() <= MAX_SUMMARY_CHARS ? value : value.substring(0, MAX_SUMMARY_CHARS);
        }

        private static BodyPart multipart(Multipart multipart) {
            BodyDescriptor d = multipart.descriptor();
            Details details = Details.of(d);
            return new BodyPart("multipart", lower(d.getSubType(), "mixed"), details.parameters, null, null, null, 0,
                    null, null, details.disposition, details.dispositionParams, details.language, details.location,
                    List.copyOf(multipart.parts()), null, null);
        }

        private static BodyPart leaf(BodyDescriptor d, String type, String subtype, String encoding, long size,
                Long lines, Envelope envelope, BodyPart message) {
            Details details = Details.of(d);
            return new BodyPart(type, subtype, details.parameters, details.id, details.description, encoding, size,
                    lines, details.md5, details.disposition, details.dispositionParams, details.language,
                    details.location, List.of(), envelope, message);
        }

        private static BodyPart emptyText() {
            return new BodyPart("text", "plain", Map.of("charset", "us-ascii"), null, null, "7bit", 0, 0L, null, null,
                    Map.of(), List.of(), null, List.of(), null, null);
        }
    }

    /** The descriptor fields beyond type and subtype (Mime4j's maximal descriptor has them). */
    private record Details(Map<String, String> parameters, String id, String description, String md5,
                           String disposition, Map<String, String> dispositionParams, List<String> language,
                           String location) {

        static Details of(BodyDescriptor d) {
            if (d instanceof MaximalBodyDescriptor m) {
                return new Details(lowerKeys(m.getContentTypeParameters()), m.getContentId(),
                        m.getContentDescription(), m.getContentMD5Raw(), lowerOrNull(m.getContentDispositionType()),
                        lowerKeys(m.getContentDispositionParameters()),
                        m.getContentLanguage() == null ? List.of() : List.copyOf(m.getContentLanguage()),
                        m.getContentLocation());
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            if (d.getCharset() != null) {
                parameters.put("charset", d.getCharset());
            }
            if (d.getBoundary() != null) {
                parameters.put("boundary", d.getBoundary());
            }
            return new Details(parameters, null, null, null, null, Map.of(), List.of(), null);
        }

        private static Map<String, String> lowerKeys(Map<String, String> map) {
            Map<String, String> result = new LinkedHashMap<>();
            if (map != null) {
                map.forEach((k, v) -> {
                    if (k != null && v != null) {
                        result.put(k.toLowerCase(Locale.ROOT), v);
                    }
                });
            }
            return result;
        }
    }

    private static String lower(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.toLowerCase(Locale.ROOT);
    }

    private static String lowerOrNull(String value) {
        return value == null || value.isBlank() ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Counts the octets and lines that pass through (a last line without line end counts as a line). */
    private static final class Counting extends FilterInputStream {
        long bytes;
        long newlines;
        int last = -1;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
                if (b == '\n') {
                    newlines++;
                }
                last = b;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                if (buffer[offset + i] == '\n') {
                    newlines++;
                }
            }
            if (n > 0) {
                bytes += n;
                last = buffer[offset + n - 1];
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Count what is skipped too: read it.
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long lines() {
            return newlines + (bytes > 0 && last != '\n' ? 1 : 0);
        }
    }
}
