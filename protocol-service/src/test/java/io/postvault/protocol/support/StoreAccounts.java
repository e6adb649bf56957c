package io.postvault.protocol.support;

import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.transcript.StoreTestAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * New accounts on the real store, for the tests that drive the store ports directly; each test makes its own domains
 * ({@link #newDomain}), so it runs alone and in any order. One bean to inject instead of the account service, the
 * recipients and the maildrops put together into a {@link StoreTestAccounts} in every such test.
 */
@ApplicationScoped
public class StoreAccounts {

    private final StoreTestAccounts accounts;
    private final Recipients recipients;

    StoreAccounts(AccountService accounts, Recipients recipients, Maildrops maildrops) {
        this.accounts = new StoreTestAccounts(accounts, recipients, maildrops); // it remembers the domains it created
        this.recipients = recipients;
    }

    /** A domain name no other test uses: {@code prefix}, eight random hex digits and {@code .test}. */
    public static String newDomain(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** A PERSONAL account with its default folders; its domain is created with the first account in it. */
    public synchronized Mailbox personal(String address, String password) {
        accounts.createAccount(address, password);
        return recipients.find(address).orElseThrow();
    }

    /** A SHARED account (no password) with its default folders. */
    public synchronized Mailbox shared(String address) {
        accounts.createSharedAccount(address);
        return recipients.find(address).orElseThrow();
    }
}
