package io.postvault.archive.backup;

import java.io.InputStream;
import java.util.Optional;

/**
 * One message to put in a backup: its path in the ZIP ({@link BackupLayout}), its manifest description, and how to read
 * its bytes; the bytes are opened only when the writer reaches it, and are empty when the message is gone by then (a
 * live message removed, an archive entry evicted, during the backup).
 */
public record BackupItem(String path, ManifestEntry description, Opener bytes) {

    @FunctionalInterface
    public interface Opener {
        Optional<InputStream> open();
    }
}
