package io.postvault.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** COMPRESS=DEFLATE framing (RFC 4978): raw DEFLATE, each write flushed whole, input inflated however it is cut. */
class DeflateTest {

    @Test
    void eachWriteIsFlushedAndReadableAtOnce() throws Exception {
        Deflate deflate = new Deflate();
        Inflater client = new Inflater(true);
        for (String reply : new String[] {"a1 OK DEFLATE active\r\n", "* 1 EXISTS\r\n", "x".repeat(100_000) + "\r\n"}) {
            client.setInput(deflate.deflate(Buffer.buffer(reply)).getBytes());
            byte[] out = new byte[200_000];
            int n = client.inflate(out);
            assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(reply);
        }
        deflate.end();
    }

    @Test
    void inputIsInflatedSplitAtEveryOffset() {
        byte[] plain = "a2 SELECT INBOX\r\na3 FETCH 1:* (FLAGS)\r\n".getBytes(StandardCharsets.US_ASCII);
        Deflater client = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        client.setInput(plain);
        byte[] compressed = new byte[1024];
        int length = client.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
        for (int split = 0; split <= length; split++) {
            Deflate deflate = new Deflate();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.writeBytes(deflate.inflate(Buffer.buffer().appendBytes(compressed, 0, split)).getBytes());
            got.writeBytes(deflate.inflate(Buffer.buffer().appendBytes(compressed, split, length - split)).getBytes());
            assertThat(got.toByteArray()).as("split at %d", split).isEqualTo(plain);
            deflate.end();
        }
    }

    @Test
    void garbageIsRefused() {
        Deflate deflate = new Deflate();
        assertThatThrownBy(() -> deflate.inflate(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x01})))
                .isInstanceOf(IllegalStateException.class);
        deflate.end();
    }
}
