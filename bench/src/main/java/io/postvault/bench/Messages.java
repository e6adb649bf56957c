package io.postvault.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Test messages of a fixed size: RFC 5322 headers and a text/plain body of 72-character lines of words, CRLF line
 * ends, dot-stuffed for LMTP DATA. Each message is different (Message-ID, subject, words), so content-addressed
 * storage never deduplicates two of them.
 */
final class Messages {

    private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
            + "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris "
            + "nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat "
            + "nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim "
            + "id est laborum").split(" ");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final int size;
    private final String sender;

    /** @param size octets of each message as delivered (before the server adds its trace headers) */
    Messages(int size, String sender) {
        if (size < 1024) {
            throw new IllegalArgumentException("message size must be at least 1024 octets");
        }
        this.size = size;
        this.sender = sender;
    }

    String sender() {
        return sender;
    }

    /** Message number {@code sequence} (unique per run and client) to {@code recipient}, dot-stuffed. */
    byte[] message(String runId, int client, long sequence, String recipient) {
        SplittableRandom random = new SplittableRandom(31L * sequence + client);
        StringBuilder text = new StringBuilder(size + 128);
        text.append("From: Bench Sender <").append(sender).append(">\r\n")
                .append("To: <").append(recipient).append(">\r\n")
                .append("Subject: benchmark message ").append(client).append('-').append(sequence).append("\r\n")
                .append("Date: ").append(DATE.format(ZonedDateTime.now())).append("\r\n")
                .append("Message-ID: <").append(runId).append('.').append(client).append('.').append(sequence)
                .append("@bench.invalid>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        StringBuilder line = new StringBuilder(80);
        while (text.length() < size) {
            line.setLength(0);
            while (line.length() < 66) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(WORDS[random.nextInt(WORDS.length)]);
            }
            int room = size - text.length() - 2;
            if (room <= 0) {
                break;
            }
            if (line.length() > room) {
                line.setLength(room);
                while (line.length() > 0 && line.charAt(line.length() - 1) == ' ') {
                    line.setLength(line.length() - 1);
                }
                if (line.length() == 0) {
                    break;
                }
            }
            text.append(line).append("\r\n");
        }
        return dotStuff(text.toString()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Doubles a dot at the start of each line (RFC 5321 section 4.5.2); the text ends in CRLF. */
    static String dotStuff(String text) {
        if (!text.contains(".")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lineStart && c == '.') {
                out.append('.');
            }
            out.append(c);
            lineStart = c == '\n';
        }
        return out.toString();
    }
}
