package io.postvault.protocol.fake;

import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Pop3Message;
import io.postvault.protocol.store.QuotaLimits;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory store behind every port the mail protocols use; for session tests only. Thread-safe. */
public class FakeStore implements Recipients, QuotaLimits, MailDelivery, Authenticator, Maildrops, TestAccounts {

    private record Account(Mailbox mailbox, String password, List<Stored> messages, long[] quota) {
    }

    private record Stored(Pop3Message message, byte[] bytes) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> locked = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean failDeliveries;
    private volatile boolean failDeletes;

    @Override
    public synchronized void createAccount(String address, String password) {
        add(address, password, AccountKind.PERSONAL);
    }

    @Override
    public synchronized void createSharedAccount(String address) {
        add(address, null, AccountKind.SHARED);
    }

    private void add(String address, String password, AccountKind kind) {
        String canonical = address.toLowerCase(Locale.ROOT);
        Mailbox mailbox = new Mailbox(UUID.randomUUID(), canonical, canonical.substring(canonical.indexOf('@') + 1), kind);
        accounts.put(canonical, new Account(mailbox, password, new ArrayList<>(), new long[] {Long.MAX_VALUE}));
    }

    @Override
    public void setQuota(String address, long bytes) {
        account(address).quota()[0] = bytes;
    }

    @Override
    public void failDeliveries(boolean fail) {
        failDeliveries = fail;
    }

    @Override
    public void failDeletes(boolean fail) {
        failDeletes = fail;
    }

    @Override
    public synchronized List<byte[]> messages(String address) {
        return account(address).messages().stream().map(Stored::bytes).toList();
    }

    private Account account(String address) {
        Account account = accounts.get(address.toLowerCase(Locale.ROOT));
        if (account == null) {
            throw new IllegalArgumentException("no account " + address);
        }
        return account;
    }

    private long used(Account account) {
        return account.messages().stream().mapToLong(s -> s.bytes().length).sum();
    }

    @Override
    public Optional<Mailbox> find(String address) {
        return Optional.ofNullable(accounts.get(address.toLowerCase(Locale.ROOT))).map(Account::mailbox);
    }

    @Override
    public Optional<Recipient> findWithRoom(String address, long size) {
        return find(address).map(mailbox -> new Recipient(mailbox, fits(mailbox, size)));
    }

    @Override
    public synchronized boolean fits(Mailbox mailbox, long size) {
        Account account = account(mailbox.address());
        return used(account) + size <= account.quota()[0];
    }

    @Override
    public synchronized Map<Mailbox, DeliveryOutcome> deliver(SpooledMessage message, String envelopeFrom,
            List<Mailbox> recipients) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(message.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length != message.size()) {
            throw new IllegalStateException("spooled size " + message.size() + " but file has " + bytes.length);
        }
        Map<Mailbox, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        for (Mailbox mailbox : recipients) {
            Account account = account(mailbox.address());
            if (failDeliveries) {
                outcomes.put(mailbox, DeliveryOutcome.TEMPORARY_FAILURE);
            } else if (used(account) + bytes.length > account.quota()[0]) {
                outcomes.put(mailbox, DeliveryOutcome.OVER_QUOTA);
            } else {
                long id = ids.incrementAndGet();
                account.messages().add(new Stored(new Pop3Message(id, "uid" + id, bytes.length, "blob" + id), bytes));
                outcomes.put(mailbox, DeliveryOutcome.DELIVERED);
            }
        }
        return outcomes;
    }

    @Override
    public LoginResult login(String username, String password) {
        Account account = accounts.get(username.toLowerCase(Locale.ROOT));
        if (account == null) {
            return new LoginResult.BadCredentials();
        }
        if (account.mailbox().kind() == AccountKind.SHARED) {
            return new LoginResult.SharedAccount(account.mailbox().address());
        }
        return account.password().equals(password) ? new LoginResult.Success(account.mailbox())
                : new LoginResult.BadCredentials();
    }

    @Override
    public Optional<MaildropLock> lock(Mailbox mailbox) {
        if (!locked.add(mailbox.address())) {
            return Optional.empty();
        }
        return Optional.of(new MaildropLock() {
            @Override
            public boolean renew() {
                return locked.contains(mailbox.address());
            }

            @Override
            public boolean update(List<Pop3Message> messages) {
                synchronized (FakeStore.this) {
                    if (!renew()) {
                        return false;
                    }
                    if (failDeletes) {
                        throw new IllegalStateException("storage unavailable (test)");
                    }
                    account(mailbox.address()).messages().removeIf(s -> messages.contains(s.message()));
                    close();
                    return true;
                }
            }

            @Override
            public void close() {
                locked.remove(mailbox.address());
            }
        });
    }

    /** True while some session holds the maildrop lock. */
    public boolean isLocked(String address) {
        return locked.contains(address.toLowerCase(Locale.ROOT));
    }

    @Override
    public synchronized List<Pop3Message> list(Mailbox mailbox) {
        return account(mailbox.address()).messages().stream().map(Stored::message).toList();
    }

    @Override
    public synchronized InputStream open(Pop3Message message) {
        return accounts.values().stream().flatMap(a -> a.messages().stream())
                .filter(s -> s.message().messageId() == message.messageId()).findFirst()
                .map(s -> (InputStream) new ByteArrayInputStream(s.bytes()))
                .orElseThrow(() -> new IllegalStateException("no message " + message.messageId()));
    }

    /** Never: sessions over this store read every message on a worker, those over the real store from memory. */
    @Override
    public Optional<InputStream> openInMemory(Pop3Message message) {
        return Optional.empty();
    }

}
