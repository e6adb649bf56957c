package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.protocol.store.ImapFolders;
import org.junit.jupiter.api.Test;

/** Exact bytes of QUOTA responses (RFC 9208 section 7.2.2): STORAGE in KiB, usage rounded up, limit down. */
class QuotaHandlerTest {

    @Test
    void storageInKibibytes() {
        ImapFolders.Quota quota = new ImapFolders.Quota(1, 2048, 10 * 1024 + 1, 10L * 1024 * 1024 * 1024 + 1023);
        assertThat(QuotaHandler.quota("", quota)).isEqualTo("* QUOTA \"\" (STORAGE 1 2)");
        assertThat(QuotaHandler.quota("example.com", quota)).isEqualTo("* QUOTA \"example.com\" (STORAGE 11 10485760)");
        assertThat(QuotaHandler.quota("", new ImapFolders.Quota(0, 0, 0, 0))).isEqualTo("* QUOTA \"\" (STORAGE 0 0)");
    }
}
