package io.postvault.protocol.imap.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectIdsTest {

    private static final String BLOB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void idsAreObjectIdsOfRfc8474() {
        assertThat(ObjectIds.mailboxId(42)).isEqualTo("F42");
        assertThat(ObjectIds.emailId(BLOB)).isEqualTo("M0123456789abcdef01234567").matches("[A-Za-z0-9_-]{1,255}");
    }

    @Test
    void anEmailIdLeadsBackToItsBlobIdPrefixAndAnythingElseToNothing() {
        assertThat(ObjectIds.blobIdPrefix(ObjectIds.emailId(BLOB))).isEqualTo(BLOB.substring(0, 24));
        assertThat(ObjectIds.blobIdPrefix("M0123456789ABCDEF01234567")).isNull(); // blob ids are lower case
        assertThat(ObjectIds.blobIdPrefix("M0123")).isNull();
        assertThat(ObjectIds.blobIdPrefix("F42")).isNull();
        assertThat(ObjectIds.blobIdPrefix("M0123456789abcdef012345678")).isNull();
    }
}
