package io.postvault.gateway.upstream;

import java.nio.charset.StandardCharsets;

/** A deterministic multi-megabyte RFC 5322 message, produced a chunk at a time so no side holds it whole. */
public final class CannedMessage {

    public static final int CHUNK = 64 * 1024;
    public static final int CHUNKS = 1024; // 64 MiB of body
    public static final byte[] HEADER = ("From: Big Sender <big@example.org>\r\nTo: alice@example.com\r\n"
            + "Subject: 64 MiB\r\nMessage-ID: <big@example.org>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    public static final long SIZE = HEADER.length + (long) CHUNK * CHUNKS;

    private CannedMessage() {
    }

    /** Chunk {@code i}: lines of its number and letters, so that a misplaced chunk changes the digest. */
    public static byte[] chunk(int i) {
        byte[] line = String.format("chunk %06d abcdefghijklmnopqrstuvwxyz 0123456789\r\n", i)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[CHUNK];
        for (int at = 0; at < CHUNK; at += line.length) {
            System.arraycopy(line, 0, out, at, Math.min(line.length, CHUNK - at));
        }
        return out;
    }

}
