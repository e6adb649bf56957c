package io.postvault.quota.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.EventData;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.RemovalReason;
import io.postvault.events.kafka.EventSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ledger throughput of a running quota-service (run by {@code bench/run-quota-bench}, never by the build): sends a
 * realistic stream to the real broker — per message a {@code message.delivered}, and for every other one its
 * {@code message.removed} and the archive's {@code archive.stored} — as fast as the producer goes, and times until the
 * usage API shows every event applied. A warm-up round first, on other domains.
 *
 * <pre>java ... LedgerBench KAFKA_BOOTSTRAP QUOTA_SERVICE_URL [MESSAGES per round, default 5000] [ACCOUNTS, 16]</pre>
 *
 * Prints {@code events=N seconds=S events_per_second=R} for the measured round.
 */
public final class LedgerBench {

    private static final MessageSummary SUMMARY = new MessageSummary("bob@example.net", null, null, "bench", null,
            null, false);
    private static final long SIZE = 10_240;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LedgerBench() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String url = args[1];
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new EventSerializer())) {
            Round warmUp = round(producer, url, Math.max(500, messages / 5), accounts);
            System.err.printf(Locale.ROOT, "warm-up: %d events in %.2f s%n", warmUp.events, warmUp.seconds);
            Round measured = round(producer, url, messages, accounts);
            System.out.printf(Locale.ROOT, "events=%d seconds=%.2f events_per_second=%.0f send_seconds=%.2f%n",
                    measured.events, measured.seconds, measured.events / measured.seconds, measured.sendSeconds);
        }
    }

    private record Round(int events, double seconds, double sendSeconds) {
    }

    /** One domain, {@code accounts} accounts, {@code messages} deliveries of which half are removed and archived. */
    private static Round round(KafkaProducer<String, Event> producer, String url, int messages, int accounts)
            throws Exception {
        String domain = "ledger-" + UUID.randomUUID().toString().substring(0, 8) + ".bench";
        List<Event> setUp = new ArrayList<>();
        setUp.add(event(EventType.DOMAIN_CREATED, domain, null, new DomainCreated(domain, 1L << 50)));
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            setUp.add(event(EventType.ACCOUNT_CREATED, domain, id,
                    new AccountCreated("user" + a + "@" + domain, AccountKind.PERSONAL, null)));
        }
        send(producer, setUp);
        await(url, domain, 0, 0);

        List<Event> stream = new ArrayList<>();
        Instant now = Instant.now();
        for (int m = 0; m < messages; m++) {
            int a = m % accounts;
            String id = ids.get(a);
            String address = "user" + a + "@" + domain;
            String blob = UUID.randomUUID().toString().replace("-", "");
            stream.add(event(EventType.MESSAGE_DELIVERED, domain, id,
                    new NewMessage(address, "INBOX", 1, m + 1, blob, SIZE, now, SUMMARY, null)));
            if (m % 2 == 1) {
                Event removed = event(EventType.MESSAGE_REMOVED, domain, id, new MessageRemoved(address, "INBOX", 1,
                        m + 1, blob, SIZE, now, now, Direction.RECEIVED, RemovalReason.POP3_DELETE, SUMMARY));
                stream.add(removed);
                stream.add(event(EventType.ARCHIVE_STORED, domain, id, new ArchiveStored(UUID.randomUUID(),
                        removed.id(), address, blob, SIZE, Direction.RECEIVED, now)));
            }
        }
        long start = System.nanoTime();
        send(producer, stream);
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        long archived = messages / 2;
        await(url, domain, messages - archived, archived);
        return new Round(stream.size(), (System.nanoTime() - start) / 1e9, sendSeconds);
    }

    private static Event event(EventType type, String domain, String account, EventData data) {
        return Event.of("/postvault/bench", type, domain, account, data);
    }

    private static void send(KafkaProducer<String, Event> producer, List<Event> events) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Event e : events) {
            sent.add(producer.send(new ProducerRecord<>(e.type().topic(), e.key(), e)));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get();
        }
    }

    /** Polls the domain's live usage until it shows the expected counts (at most 10 minutes). */
    private static void await(String url, String domain, long occupiedCount, long archiveCount) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> usage = HTTP.send(HttpRequest.newBuilder(
                    URI.create(url + "/internal/domains/" + domain + "/usage")).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = usage.body();
            if (usage.statusCode() == 200) {
                JsonNode live = JSON.readTree(usage.body()).path("live");
                if (live.path("occupiedCount").asLong() == occupiedCount
                        && live.path("archiveCount").asLong() == archiveCount) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the ledger of " + domain + " never showed " + occupiedCount + " occupied and "
                + archiveCount + " archived: " + last);
    }
}
