package io.postvault.protocol.transcript;

import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.account.SharedAccess;
import io.postvault.protocol.fake.TestAccounts;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Pop3Message;
import io.postvault.protocol.store.Recipients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/** {@link TestAccounts} over the real store: accounts through {@link AccountService}, messages through {@link Maildrops}. */
public final class StoreTestAccounts implements TestAccounts {

    private final AccountService accounts;
    private final Recipients recipients;
    private final Maildrops maildrops;
    private final SharedAccess sharedAccess;
    private final Set<String> domains = new HashSet<>();
    private final Map<String, String> passwords = new HashMap<>();

    public StoreTestAccounts(AccountService accounts, Recipients recipients, Maildrops maildrops) {
        this(accounts, recipients, maildrops, null);
    }

    /** With {@code sharedAccess}, rights on shared accounts can be granted too. */
    public StoreTestAccounts(AccountService accounts, Recipients recipients, Maildrops maildrops,
            SharedAccess sharedAccess) {
        this.accounts = accounts;
        this.recipients = recipients;
        this.maildrops = maildrops;
        this.sharedAccess = sharedAccess;
    }

    @Override
    public void createAccount(String address, String password) {
        create(address, password, "PERSONAL", null);
    }

    @Override
    public void createSharedAccount(String address) {
        create(address, null, "SHARED", null);
    }

    @Override
    public void createDomainAdmin(String address, String password) {
        create(address, password, "PERSONAL", "DOMAIN_ADMIN", null);
    }

    @Override
    public void grant(String shared, String user, String rights) {
        sharedAccess.grant(shared, user, rights);
    }

    private void create(String address, String password, String kind, Long quota) {
        create(address, password, kind, null, quota);
    }

    private void create(String address, String password, String kind, String role, Long quota) {
        String[] parts = address.split("@", 2);
        if (domains.add(parts[1])) {
            accounts.createDomain(parts[1], 10L * 1024 * 1024 * 1024);
        }
        accounts.createAccount(parts[1], parts[0], password, kind, role, quota);
        passwords.put(address, password);
    }

    /** The store sets an account's cap at creation: the (still empty) account is created again with it. */
    @Override
    public void setQuota(String address, long bytes) {
        String[] parts = address.split("@", 2);
        accounts.deleteAccount(parts[1], parts[0]);
        create(address, passwords.get(address), "PERSONAL", bytes);
    }

    @Override
    public void failDeliveries(boolean fail) {
        throw new TestAbortedException("the real store has no failure injection (covered by the fake-store run)");
    }

    @Override
    public void failDeletes(boolean fail) {
        throw new TestAbortedException("the real store has no failure injection (covered by the fake-store run)");
    }

    @Override
    public List<byte[]> messages(String address) {
        Mailbox mailbox = recipients.find(address).orElseThrow();
        List<byte[]> out = new ArrayList<>();
        for (Pop3Message message : maildrops.list(mailbox)) {
            try (InputStream in = maildrops.open(message)) {
                out.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
