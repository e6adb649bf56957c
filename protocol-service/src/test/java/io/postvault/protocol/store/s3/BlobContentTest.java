package io.postvault.protocol.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobContentTest {

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] content(BlobContent content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallContentIsReadOnceAndServedFromMemory(@TempDir Path dir) throws Exception {
        byte[] message = bytes(10_240);
        Path file = Files.write(dir.resolve("m.eml"), message);
        BlobContent content = BlobContent.of(file, size -> size <= 10_240);
        assertThat(content.blobId()).isEqualTo(sha256(message));
        assertThat(content.size()).isEqualTo(message.length);
        assertThat(content.bytes()).isEqualTo(message);
        Files.delete(file); // from memory from now on: the file is not read again
        assertThat(content(content)).isEqualTo(message);
        assertThat(content(content)).as("each reader gets the whole content").isEqualTo(message);
    }

    @Test
    void largeContentStaysInItsFileAndIsStreamed(@TempDir Path dir) throws Exception {
        byte[] message = bytes(100_000);
        Path file = Files.write(dir.resolve("m.eml"), message);
        BlobContent content = BlobContent.of(file, size -> size <= 10_240);
        assertThat(content.blobId()).isEqualTo(sha256(message));
        assertThat(content.size()).isEqualTo(message.length);
        assertThat(content.bytes()).isNull();
        assertThat(content(content)).isEqualTo(message);
        assertThat(BlobStore.sha256(file)).isEqualTo(content.blobId());
    }

    @Test
    void anUnreadableFileIsAStoreError(@TempDir Path dir) {
        assertThatThrownBy(() -> BlobContent.of(dir.resolve("gone.eml"), size -> true))
                .isInstanceOf(BlobStoreException.class);
    }
}
