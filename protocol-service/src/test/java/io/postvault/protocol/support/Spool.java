package io.postvault.protocol.support;

import io.postvault.protocol.store.SpooledMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spooled test messages (CRLF line endings, as a protocol server spools them). */
public final class Spool {

    private Spool() {
    }

    public static SpooledMessage message(String text) {
        try {
            Path file = Files.createTempFile("spool-", ".eml");
            file.toFile().deleteOnExit();
            byte[] bytes = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes);
            return new SpooledMessage(file, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message of exactly {@code size} bytes (at least its headers) with the given subject. */
    public static SpooledMessage sized(String subject, int size) {
        String head = "From: Sender <sender@example.com>\r\nTo: rcpt@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + System.nanoTime() + "@example.com>\r\n\r\n";
        StringBuilder text = new StringBuilder(head);
        while (text.length() < size - 2) {
            text.append('x');
        }
        text.append("\r\n");
        return message(text.toString());
    }
}
