package io.postvault.protocol.fake;

import java.util.List;

/**
 * What the transcript runner and the client tests need to set up a store: accounts, quotas and injected failures.
 * Implemented by {@link FakeStore}; against the real store, by an adapter over its account service.
 */
public interface TestAccounts {

    void createAccount(String address, String password);

    void createSharedAccount(String address);

    /** A personal account that administers its domain (DOMAIN_ADMIN). */
    default void createDomainAdmin(String address, String password) {
        throw new org.opentest4j.TestAbortedException("domain administrators need the real store");
    }

    /** RFC 4314 rights of {@code user} on the shared account {@code shared}. */
    default void grant(String shared, String user, String rights) {
        throw new org.opentest4j.TestAbortedException("shared account rights need the real store");
    }

    void setQuota(String address, long bytes);

    void failDeliveries(boolean fail);

    void failDeletes(boolean fail);

    /** The stored bytes of the INBOX messages, in order. */
    List<byte[]> messages(String address);
}
