package io.postvault.protocol.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cache alone: exact bytes, the size limit per blob, the total cap, eviction, forgetting, disabled. */
class BlobCacheTest {

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + seed);
        }
        return out;
    }

    private static String id(int n) {
        return String.format("%064x", n);
    }

    private static byte[] read(Optional<InputStream> held) throws IOException {
        assertThat(held).isPresent();
        try (InputStream in = held.get()) {
            return in.readAllBytes();
        }
    }

    @Test
    void servesTheExactBytesItWasGiven() throws IOException {
        BlobCache cache = new BlobCache(1 << 20, 1 << 16);
        byte[] message = bytes(10_240, 7);
        cache.remember(id(1), message.clone());
        assertThat(read(cache.open(id(1)))).isEqualTo(message);
        assertThat(read(cache.open(id(1)))).as("each reader gets a stream of its own").isEqualTo(message);
        assertThat(cache.open(id(2))).isEmpty();
    }

    @Test
    void blobsOverTheLimitAreNotKept() {
        BlobCache cache = new BlobCache(1 << 20, 1000);
        assertThat(cache.keeps(1000)).isTrue();
        assertThat(cache.keeps(1001)).isFalse();
        cache.remember(id(1), bytes(1001, 1));
        cache.remember(id(2), bytes(1000, 2));
        assertThat(cache.open(id(1))).isEmpty();
        assertThat(cache.open(id(2))).isPresent();
    }

    @Test
    void aBlobLargerThanTheWholeCapIsNotKept() {
        BlobCache cache = new BlobCache(4096, 1 << 20);
        assertThat(cache.keeps(4097)).isFalse();
        cache.remember(id(1), bytes(5000, 1));
        assertThat(cache.open(id(1))).isEmpty();
    }

    @Test
    void theTotalStaysWithinTheCapAndTheLeastUsedGoFirst() throws IOException {
        long cap = 10 * (1000 + BlobCache.ENTRY_OVERHEAD);
        BlobCache cache = new BlobCache(cap, 1000);
        byte[] hot = bytes(1000, 0);
        cache.remember(id(0), hot.clone());
        for (int n = 1; n <= 100; n++) {
            cache.remember(id(n), bytes(1000, n));
            cache.open(id(0)).orElseThrow().close(); // read often: it stays
            assertThat(cache.weight()).isLessThanOrEqualTo(cap);
        }
        assertThat(read(cache.open(id(0)))).isEqualTo(hot);
        long held = java.util.stream.IntStream.rangeClosed(1, 100).filter(n -> cache.open(id(n)).isPresent()).count();
        assertThat(held).isLessThan(10).isPositive();
        for (int n = 1; n <= 100; n++) {
            Optional<InputStream> entry = cache.open(id(n));
            if (entry.isPresent()) {
                assertThat(read(entry)).as("blob %d", n).isEqualTo(bytes(1000, n));
            }
        }
    }

    @Test
    void forgetDropsABlob() {
        BlobCache cache = new BlobCache(1 << 20, 1 << 16);
        cache.remember(id(1), bytes(100, 1));
        cache.forget(id(1));
        assertThat(cache.open(id(1))).isEmpty();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void zeroBytesDisablesIt() {
        BlobCache cache = new BlobCache(0, 1 << 16);
        assertThat(cache.keeps(0)).isFalse();
        assertThat(cache.keeps(1)).isFalse();
        cache.remember(id(1), bytes(100, 1));
        cache.forget(id(1));
        assertThat(cache.open(id(1))).isEmpty();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void theCallersCopyIsItsOwn() throws IOException {
        BlobCache cache = new BlobCache(1 << 20, 1 << 16);
        byte[] message = bytes(64, 9);
        cache.remember(id(1), message.clone());
        byte[] first = read(cache.open(id(1)));
        Arrays.fill(first, (byte) 0);
        assertThat(read(cache.open(id(1)))).isEqualTo(message);
    }
}
