package io.postvault.search.service;

import io.postvault.events.Event;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.NewMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts this service has heard of ({@code known_account}): a reindex asks the owning services about each of
 * them, and lists the accounts of each of their domains. Neither service lists every account ever (archive entries
 * outlive a deleted account), so the events are where this service learns them.
 */
@ApplicationScoped
public class AccountDirectory {

    private final EntityManager entityManager;
    /** Addresses already written, so that most events cost no database round trip. */
    private final Set<String> remembered = ConcurrentHashMap.newKeySet();

    AccountDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Remembers the account {@code event} is about, if it names one. */
    public void remember(Event event) {
        addressOf(event).ifPresent(address -> remember(address, event.domain()));
    }

    /** Remembers {@code address} of {@code domain}. */
    public void remember(String address, String domain) {
        String key = address.toLowerCase(Locale.ROOT);
        if (remembered.contains(key)) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO known_account (address, domain, seen_at) VALUES (?1, ?2, now())"
                                + " ON CONFLICT (address) DO NOTHING")
                .setParameter(1, key).setParameter(2, domain.toLowerCase(Locale.ROOT)).executeUpdate());
        remembered.add(key);
    }

    /** Every known address with its domain, in address order. */
    public Map<String, String> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT address, domain FROM known_account").getResultList());
        Map<String, String> accounts = new TreeMap<>();
        rows.forEach(row -> accounts.put((String) row[0], (String) row[1]));
        return accounts;
    }

    private static Optional<String> addressOf(Event event) {
        Object data = event.data();
        if (data instanceof NewMessage m) {
            return Optional.of(m.address());
        } else if (data instanceof MessageRemoved m) {
            return Optional.of(m.address());
        } else if (data instanceof MessageSubmitted m) {
            return Optional.of(m.address());
        } else if (data instanceof ArchiveStored m) {
            return Optional.of(m.address());
        } else if (data instanceof AccountCreated m) {
            return Optional.of(m.address());
        }
        return Optional.empty();
    }
}
