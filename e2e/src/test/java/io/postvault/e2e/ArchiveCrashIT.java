package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.RemovalReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of archive-service while 5,000 {@code message.removed} events stream in (1,000 distinct messages,
 * each removed from 5 accounts, as protocol-service would announce them; their blobs put in S3 first): after a
 * restart every removal is archived exactly once — one entry per event, sizes adding up, each blob stored once with
 * as many references as entries, its bytes unchanged — and each removal has one archive id in its
 * {@code archive.stored} events, however often they were published.
 */
class ArchiveCrashIT {

    private static final int MESSAGES = 1000;
    private static final int ACCOUNTS = 5;
    private static final int ARCHIVED_BEFORE_KILL = 800;

    private static KillableService service;

    @BeforeAll
    static void startStack() throws IOException {
        service = KillableService.onItsOwnStack("archive-service");
    }

    @AfterAll
    static void stopAll() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyRemovalIsArchivedExactlyOnceAcrossAKill() throws Exception {
        service.start(); // creates the buckets
        String domain = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        try (MinioClient s3 = s3()) {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] bytes = message(domain, i);
                String id = sha256(bytes);
                s3.putObject(PutObjectArgs.builder().bucket("postvault-blobs").object(id)
                        .data(bytes, bytes.length).build());
                blobs.put(id, bytes);
            }
        }
        List<Event> removals = new ArrayList<>();
        for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
            for (int a = 0; a < ACCOUNTS; a++) {
                removals.add(removal(domain, a, blob.getKey(), blob.getValue().length));
            }
        }

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(removals));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> entries(domain) >= ARCHIVED_BEFORE_KILL);
        service.kill(); // mid-stream
        long beforeRestart = entries(domain);
        producing.get(2, TimeUnit.MINUTES);
        assertThat(beforeRestart).as("the kill came before the end of the stream").isLessThan(removals.size());

        service.start();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> entries(domain) >= removals.size());

        Map<UUID, UUID> entryOfEvent = new HashMap<>();
        long bytes = 0;
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT source_event_id, id, size FROM archive.archive_entry WHERE domain = '" + domain + "'")) {
            while (rs.next()) {
                assertThat(entryOfEvent.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        .as("one entry per removal").isNull();
                bytes += rs.getLong(3);
            }
        }
        assertThat(entryOfEvent.keySet()).as("every removal archived, nothing else")
                .isEqualTo(removals.stream().map(Event::id).collect(Collectors.toSet()));
        assertThat(bytes).isEqualTo(removals.stream().mapToLong(e -> ((MessageRemoved) e.data()).size()).sum());
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT blob_id, refs FROM archive.archive_blob")) {
            Map<String, Integer> refs = new HashMap<>();
            while (rs.next()) {
                refs.put(rs.getString(1), rs.getInt(2));
            }
            blobs.keySet().forEach(id -> assertThat(refs.get(id)).as("references of " + id).isEqualTo(ACCOUNTS));
        }
        try (MinioClient s3 = s3()) {
            for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("postvault-archive")
                        .object(blob.getKey()).build())) {
                    assertThat(in.readAllBytes()).as("archived bytes of " + blob.getKey()).isEqualTo(blob.getValue());
                }
            }
        }
        Map<UUID, Set<UUID>> storedIds = archiveStored(domain);
        assertThat(storedIds.keySet()).as("archive.stored for every removal").isEqualTo(entryOfEvent.keySet());
        storedIds.forEach((source, ids) -> assertThat(ids).as("archive ids announced for " + source)
                .containsExactly(entryOfEvent.get(source)));
        System.out.printf("archived %d of %d before the kill; all %d exactly once after the restart%n",
                beforeRestart, removals.size(), removals.size());
    }

    /** Publishes the removals at about 1,000 a second, as a busy protocol-service relay would. */
    private static void produce(List<Event> removals) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, service.stack().endpoints().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < removals.size(); i++) {
                Event e = removals.get(i);
                producer.send(new ProducerRecord<>(Topics.MAIL, e.key(), EventCodec.encode(e)));
                if (i % 100 == 99) {
                    producer.flush();
                    Processes.sleep(100);
                }
            }
            producer.flush();
        }
    }

    private static Event removal(String domain, int account, String blobId, long size) {
        String address = "user" + account + "@" + domain;
        Instant now = Instant.now();
        return Event.of("/postvault/protocol-service", EventType.MESSAGE_REMOVED, domain,
                UUID.nameUUIDFromBytes(address.getBytes(StandardCharsets.UTF_8)).toString(),
                new MessageRemoved(address, "INBOX", 1700000000L, 1, blobId, size, now, now, Direction.RECEIVED,
                        RemovalReason.POP3_DELETE, new MessageSummary("sender@crash.test", address, null, "crash",
                                "<" + blobId + "@crash.test>", now, false)));
    }

    private static byte[] message(String domain, int i) {
        StringBuilder body = new StringBuilder("From: sender@crash.test\r\nTo: everyone@" + domain + "\r\nSubject: "
                + "crash " + i + "\r\nMessage-ID: <" + UUID.randomUUID() + "@crash.test>\r\n\r\n");
        IntStream.range(0, 10 + i % 40).forEach(n -> body.append("line ").append(n).append(" of message ").append(i)
                .append("\r\n"));
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static long entries(String domain) throws Exception {
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM archive.archive_entry WHERE domain = '" + domain + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Source event id -> the archive ids its archive.stored events carry (one per publication). */
    private static Map<UUID, Set<UUID>> archiveStored(String domain) {
        Map<UUID, Set<UUID>> ids = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.stack().endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "archive-crash-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ARCHIVE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = EventCodec.decode(record.value());
                    if (event.data() instanceof ArchiveStored s && event.domain().equals(domain)) {
                        ids.computeIfAbsent(s.sourceEventId(), k -> new HashSet<>()).add(s.archiveId());
                    }
                }
            }
        }
        return ids;
    }

    private static Connection db() throws Exception {
        StackEndpoints endpoints = service.stack().endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(), endpoints.dbPassword());
    }

    private static MinioClient s3() {
        StackEndpoints endpoints = service.stack().endpoints();
        return MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
