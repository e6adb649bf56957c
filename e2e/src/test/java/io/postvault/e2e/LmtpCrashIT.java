package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.NewMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of protocol-service while several LMTP clients deliver: after a restart, every message that got
 * {@code 250} is in its mailbox and its {@code message.delivered} event is on the broker (at least once, never zero),
 * and no event reports a message that is not stored. The stack (PostgreSQL, Kafka, S3) comes from the deploy library;
 * the service runs from its packaged {@code quarkus-run.jar} as the launcher runs it.
 */
class LmtpCrashIT {

    private static final int CLIENTS = 4;
    private static final int DELIVERED_BEFORE_KILL = 40;

    private static KillableService service;
    private static int lmtpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws IOException {
        service = KillableService.onItsOwnStack("protocol-service");
        lmtpPort = service.port("POSTVAULT_LMTP_PORT");
    }

    @AfterAll
    static void stopAll() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyAcceptedMessageSurvivesAKillAndItsEventIsPublished() throws Exception {
        service.start();
        String domain = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        post("/internal/domains", "{\"name\":\"" + domain + "\",\"quotaBytes\":1000000000}");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            post("/internal/domains/" + domain + "/accounts",
                    "{\"localPart\":\"user" + i + "\",\"password\":\"secret-" + i + "\",\"kind\":\"PERSONAL\"}");
            addresses.add("user" + i + "@" + domain);
        }

        // Message-ID -> recipient, for every message that got 250.
        Map<String, String> accepted = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (String address : addresses) {
            clients.add(pool.submit(() -> deliverUntilFailure(address, accepted, stop)));
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= DELIVERED_BEFORE_KILL);
        service.kill(); // mid-delivery: the clients are still sending
        stop.set(true);
        for (Future<?> client : clients) {
            client.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        Set<String> acceptedBeforeKill = Set.copyOf(accepted.keySet());
        assertThat(acceptedBeforeKill).hasSizeGreaterThanOrEqualTo(DELIVERED_BEFORE_KILL);

        service.start();
        // One more delivery after the restart: the service works again.
        String after = deliverOne(addresses.get(0));
        assertThat(after).as("delivery after the restart").isNotNull();
        accepted.put(after, addresses.get(0));

        Map<String, String> stored = storedMessages(domain);
        assertThat(stored).as("every message that got 250 is in its mailbox").containsAllEntriesOf(accepted);
        Set<String> expected = new HashSet<>(accepted.keySet());
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, Integer> published = deliveredEvents(domain);
            assertThat(published.keySet()).as("a message.delivered event for every accepted message")
                    .containsAll(expected);
            assertThat(stored.keySet()).as("no event for a message that is not stored")
                    .containsAll(published.keySet());
        });
        System.out.printf("accepted %d before the kill; events: %s%n", acceptedBeforeKill.size(),
                deliveredEvents(domain).values().stream().filter(n -> n > 1).count() + " published twice");
    }

    private void post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
    }

    /** Delivers messages to {@code address} one after another until the service dies (or {@code stop}). */
    private static void deliverUntilFailure(String address, Map<String, String> accepted, AtomicBoolean stop) {
        while (!stop.get()) {
            String messageId = deliverOne(address);
            if (messageId == null) {
                return;
            }
            accepted.put(messageId, address);
        }
    }

    /** One LMTP transaction; the Message-ID when it got 250, null when it failed in any way. */
    private static String deliverOne(String address) {
        String messageId = UUID.randomUUID() + "@crash.test";
        try (LineClient lmtp = LineClient.plain(lmtpPort)) {
            lmtp.expectReply("220");
            lmtp.send("LHLO crash.test");
            lmtp.expectReply("250");
            lmtp.send("MAIL FROM:<sender@crash.test>");
            lmtp.expectReply("250");
            lmtp.send("RCPT TO:<" + address + ">");
            lmtp.expectReply("250");
            lmtp.send("DATA");
            lmtp.expectReply("354");
            StringBuilder body = new StringBuilder("From: sender@crash.test\r\nTo: " + address + "\r\nSubject: crash\r\n"
                    + "Message-ID: <" + messageId + ">\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                body.append("line ").append(i).append(" of a message delivered while the service may die\r\n");
            }
            lmtp.send(body.append(".").toString());
            lmtp.expectReply("250");
            lmtp.send("QUIT");
            return messageId;
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }


    /** Message-ID -> address of the live messages of the domain, from protocol-service's schema. */
    private static Map<String, String> storedMessages(String domain) throws Exception {
        StackEndpoints endpoints = service.stack().endpoints();
        Map<String, String> stored = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(),
                endpoints.dbPassword()); PreparedStatement ps = c.prepareStatement("""
                SELECT m.hdr_message_id, a.address FROM protocol.message m JOIN protocol.account a ON a.id = m.account_id
                WHERE a.domain = ?""")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String previous = stored.put(stripBrackets(rs.getString(1)), rs.getString(2));
                    assertThat(previous).as("stored once: " + rs.getString(1)).isNull();
                }
            }
        }
        return stored;
    }

    /** Message-ID -> how many message.delivered events of the domain carry it. */
    private static Map<String, Integer> deliveredEvents(String domain) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.stack().endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MAIL).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = EventCodec.decode(record.value());
                    if (event.type() == EventType.MESSAGE_DELIVERED && event.domain().equals(domain)) {
                        String id = stripBrackets(((NewMessage) event.data()).summary().messageId());
                        counts.merge(id, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static String stripBrackets(String messageId) {
        return messageId == null ? null : messageId.replaceAll("^<|>$", "");
    }
}
