package io.postvault.protocol.net;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE both ways for a connection (IMAP COMPRESS=DEFLATE, RFC 4978): input inflated as it arrives, output
 * deflated with a sync flush after each write, so every response reaches the client whole at once.
 */
final class Deflate {

    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] chunk = new byte[16 * 1024];

    Buffer inflate(Buffer compressed) {
        inflater.setInput(compressed.getBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                    break; // the client ended its stream (or sent what raw DEFLATE does not allow): nothing more
                }
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("invalid compressed input: " + e.getMessage(), e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    Buffer deflate(Buffer plain) {
        deflater.setInput(plain.getBytes());
        Buffer out = Buffer.buffer(plain.length() / 2 + 16);
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
            out.appendBytes(chunk, 0, n);
            if (n < chunk.length) {
                break;
            }
        }
        return out;
    }

    void end() {
        inflater.end();
        deflater.end();
    }
}
