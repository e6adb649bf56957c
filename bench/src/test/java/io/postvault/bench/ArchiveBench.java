package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.StackOptions;
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
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The archive benchmark (bench/run-archive-bench; never part of {@code mvn verify}: its name is not a test name).
 * One account of BENCH_ARCHIVE_MESSAGES messages of BENCH_ARCHIVE_SIZE octets: most reach the archive as
 * {@code message.removed} events over blobs put into S3 beforehand (ingestion: events/s, MB/s), BENCH_ARCHIVE_LIVE are
 * delivered over LMTP, of which BENCH_ARCHIVE_SAMPLES are expunged one at a time over IMAP (expunge-to-archived
 * latency). Then the backup of the whole account is streamed from archive-service running with a capped heap
 * (BENCH_ARCHIVE_HEAP), timed beside a plain sequential S3 read of the same bytes, checked with {@code unzip -t} and
 * Python's zipfile (every entry's SHA-256 against the blob ids), and the peak heap is read from the service's GC log.
 */
class ArchiveBench {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = CHECKOUT.resolve("bench/target/archive-bench");
    private static final int MESSAGES = env("BENCH_ARCHIVE_MESSAGES", 20_000);
    private static final int SIZE = env("BENCH_ARCHIVE_SIZE", 52_000);
    private static final int LIVE = env("BENCH_ARCHIVE_LIVE", 600);
    private static final int SAMPLES = env("BENCH_ARCHIVE_SAMPLES", 200);
    private static final String HEAP = System.getenv().getOrDefault("BENCH_ARCHIVE_HEAP", "128m");
    private static final String PASSWORD = "bench-password-1";
    private static final Pattern GC_PAUSE = Pattern.compile("Pause.* (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private static LocalStack stack;
    private static Process protocol;
    private static Process archive;
    private static int protocolHttp;
    private static int archiveHttp;
    private static int imapPort;
    private static int lmtpPort;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, String> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Processes.deleteTree(WORK);
        Files.createDirectories(WORK);
        Processes.makeTraversable(WORK);
        stack = LocalStack.start(StackOptions.randomPorts(WORK.resolve("stack")));
        int[] ports = Processes.freePorts(7);
        protocolHttp = ports[0];
        archiveHttp = ports[1];
        imapPort = ports[2];
        lmtpPort = ports[3];
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints().asEnvironment());
        env.put("POSTVAULT_PROTOCOL_URL", "http://127.0.0.1:" + protocolHttp);
        Map<String, String> protocolEnv = new LinkedHashMap<>(env);
        protocolEnv.put("QUARKUS_HTTP_PORT", Integer.toString(protocolHttp));
        protocolEnv.put("POSTVAULT_IMAP_PORT", Integer.toString(imapPort));
        protocolEnv.put("POSTVAULT_LMTP_PORT", Integer.toString(lmtpPort));
        protocolEnv.put("POSTVAULT_IMAP_TLS_PORT", Integer.toString(ports[4]));
        protocolEnv.put("POSTVAULT_POP3_PORT", Integer.toString(ports[5]));
        protocolEnv.put("POSTVAULT_POP3_TLS_PORT", Integer.toString(ports[6]));
        protocolEnv.put("POSTVAULT_IMAP_ALLOW_PLAINTEXT_ON_LOOPBACK", "true");
        protocol = startService("protocol-service", protocolEnv, protocolHttp, List.of());
        Map<String, String> archiveEnv = new LinkedHashMap<>(env);
        archiveEnv.put("QUARKUS_HTTP_PORT", Integer.toString(archiveHttp));
        archive = startService("archive-service", archiveEnv, archiveHttp,
                List.of("-Xmx" + HEAP, "-Xlog:gc:file=" + WORK.resolve("archive-gc.log")));
    }

    @AfterAll
    static void stop() {
        for (Process p : new Process[] {archive, protocol}) {
            if (p != null && p.isAlive()) {
                Processes.terminate(p.toHandle(), Duration.ofSeconds(20));
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void archiveIngestionLatencyAndBackup() throws Exception {
        String domain = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String address = "owner@" + domain;
        post("/internal/domains", "{\"name\":\"" + domain + "\",\"quotaBytes\":1000000000000}");
        String accountJson = post("/internal/domains/" + domain + "/accounts",
                "{\"localPart\":\"owner\",\"password\":\"" + PASSWORD + "\",\"kind\":\"PERSONAL\"}");
        String accountId = field(accountJson, "id");
        Messages messages = new Messages(SIZE, "sender@bench.invalid");
        int archivedByEvent = MESSAGES - LIVE;

        // 1. Blobs in S3, as protocol-service leaves them, then one removal event each: ingestion.
        List<String> archivedBlobs = Collections.synchronizedList(new ArrayList<>());
        long uploadStart = System.nanoTime();
        long payload = upload(messages, address, archivedByEvent, archivedBlobs);
        RESULTS.put("uploadSeconds", seconds(uploadStart));
        long ingestStart = System.nanoTime();
        produceRemovals(domain, accountId, address, archivedBlobs);
        awaitArchived(address, archivedByEvent, Duration.ofMinutes(30));
        double ingest = (System.nanoTime() - ingestStart) / 1e9;
        RESULTS.put("ingestEvents", Integer.toString(archivedByEvent));
        RESULTS.put("ingestSeconds", String.format("%.1f", ingest));
        RESULTS.put("ingestEventsPerSecond", String.format("%.0f", archivedByEvent / ingest));
        RESULTS.put("ingestMBPerSecond", String.format("%.1f", payload / ingest / 1e6));

        // 2. Live messages over LMTP; some expunged over IMAP one at a time: expunge-to-archived latency.
        try (LmtpClient lmtp = LmtpClient.connect(new HostPort("127.0.0.1", lmtpPort), "bench.invalid", 30_000)) {
            for (int i = 0; i < LIVE; i++) {
                lmtp.deliver(messages.sender(), address, messages.message("live", 1, i, address));
            }
            lmtp.quit();
        }
        Map<Long, String> blobOfUid = liveInbox(address);
        assertThat(blobOfUid).hasSize(LIVE);
        List<Long> latencies = expungeLatencies(address, new ArrayList<>(blobOfUid.entrySet()).subList(0, SAMPLES));
        Collections.sort(latencies);
        RESULTS.put("latencySamples", Integer.toString(latencies.size()));
        RESULTS.put("latencyP50", millis(latencies.get(latencies.size() / 2)));
        RESULTS.put("latencyP99", millis(latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1)));
        RESULTS.put("latencyMax", millis(latencies.get(latencies.size() - 1)));
        awaitArchived(address, archivedByEvent + SAMPLES, Duration.ofMinutes(2));

        // 3. The backup, the same bytes read straight from S3, the ZIP checked, the heap read from the GC log.
        Map<String, String> expectedBlobs = new TreeMap<>(); // blob id -> bucket
        archivedBlobs.forEach(id -> expectedBlobs.put(id, "postvault-archive"));
        blobOfUid.values().stream().limit(SAMPLES).forEach(id -> expectedBlobs.put(id, "postvault-archive"));
        liveInbox(address).values().forEach(id -> expectedBlobs.put(id, "postvault-blobs"));
        assertThat(expectedBlobs).hasSize(MESSAGES);
        long gcLinesBefore = gcLines().size();
        Path zip = WORK.resolve("backup.zip");
        long[] backup = backup(address, zip);
        double backupSeconds = backup[0] / 1e9;
        long rawBytes = 0;
        long rawStart = System.nanoTime();
        try (MinioClient s3 = s3()) {
            for (Map.Entry<String, String> blob : expectedBlobs.entrySet()) {
                try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(blob.getValue())
                        .object(blob.getKey()).build())) {
                    rawBytes += in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
        RESULTS.put("backupMessages", Integer.toString(MESSAGES));
        RESULTS.put("backupPayloadMB", String.format("%.0f", rawBytes / 1e6));
        RESULTS.put("backupZipMB", String.format("%.0f", Files.size(zip) / 1e6));
        RESULTS.put("backupSeconds", String.format("%.1f", backupSeconds));
        RESULTS.put("backupFirstByteMs", millis(backup[1]));
        RESULTS.put("backupMBPerSecond", String.format("%.1f", rawBytes / backupSeconds / 1e6));
        RESULTS.put("rawS3Seconds", String.format("%.1f", rawSeconds));
        RESULTS.put("rawS3MBPerSecond", String.format("%.1f", rawBytes / rawSeconds / 1e6));
        List<String> gc = gcLines();
        RESULTS.put("heapCap", HEAP);
        List<String> backupGc = gc.subList((int) gcLinesBefore, gc.size());
        RESULTS.put("heapPeakMB", Long.toString(peakHeapMb(gc, 1)));
        RESULTS.put("heapPeakBackupMB", Long.toString(peakHeapMb(backupGc, 1)));
        RESULTS.put("heapAfterGcBackupMB", Long.toString(peakHeapMb(backupGc, 3)));
        RESULTS.put("gcPausesDuringBackup", Integer.toString((int) gc.subList((int) gcLinesBefore, gc.size())
                .stream().filter(l -> l.contains("Pause")).count()));
        assertThat(archive.isAlive()).as("archive-service survived the backup under -Xmx" + HEAP).isTrue();

        String unzip = run(List.of("unzip", "-tq", zip.toString()));
        assertThat(unzip).contains("No errors detected");
        Map<String, Integer> digests = new TreeMap<>();
        for (String line : run(List.of("python3", CHECKOUT.resolve("bench/check-backup-zip.py").toString(),
                zip.toString())).split("\n")) {
            if (!line.startsWith("OK")) {
                digests.merge(line.substring(0, 64), 1, Integer::sum);
            }
        }
        assertThat(digests.keySet()).as("every entry byte-identical to its blob").isEqualTo(expectedBlobs.keySet());
        assertThat(digests.values()).allMatch(n -> n == 1);
        RESULTS.put("zipCheck", "unzip -t: no errors; Python zipfile: " + digests.size()
                + " entries, each SHA-256 = its blob id");

        Path out = WORK.resolve("results.properties");
        StringBuilder text = new StringBuilder();
        RESULTS.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(out, text);
        System.out.println(text);
    }

    // ------------------------------------------------------------------ phases

    /**
     * Puts {@code count} distinct messages into postvault-blobs with 4 threads, adding "blobId:size" of each to
     * {@code ids}; returns their total size.
     */
    private static long upload(Messages messages, String address, int count, List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int part = t;
            parts.add(pool.submit(() -> {
                long bytes = 0;
                try (MinioClient s3 = s3()) {
                    for (int i = part; i < count; i += 4) {
                        byte[] message = messages.message("archived", 0, i, address);
                        String id = sha256(message);
                        s3.putObject(PutObjectArgs.builder().bucket("postvault-blobs").object(id)
                                .data(message, message.length).build());
                        ids.add(id + ":" + message.length);
                        bytes += message.length;
                    }
                }
                return bytes;
            }));
        }
        long total = 0;
        for (Future<Long> part : parts) {
            total += part.get();
        }
        pool.shutdown();
        return total;
    }

    private static void produceRemovals(String domain, String accountId, String address, List<String> blobs) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer())) {
            Instant date = Instant.parse("2020-01-01T00:00:00Z");
            for (int i = 0; i < blobs.size(); i++) {
                String[] idAndSize = blobs.get(i).split(":");
                Instant internal = date.plusSeconds(3600L * 7 * i); // spread over some years
                Event event = Event.of("/postvault/protocol-service", EventType.MESSAGE_REMOVED, domain, accountId,
                        new MessageRemoved(address, "INBOX", 1, i + 1, idAndSize[0], Long.parseLong(idAndSize[1]),
                                internal, Instant.now(), i % 5 == 0 ? Direction.SENT : Direction.RECEIVED,
                                RemovalReason.POP3_DELETE, new MessageSummary("sender@bench.invalid", address, null,
                                        "benchmark message " + i, "<" + i + "@bench.invalid>", internal, false)));
                producer.send(new ProducerRecord<>(Topics.MAIL, event.key(), EventCodec.encode(event)));
            }
            producer.flush();
        }
        blobs.replaceAll(idAndSize -> idAndSize.substring(0, idAndSize.indexOf(':')));
    }

    /** Expunges each message alone; the time from the EXPUNGE's OK to its archive.stored on the broker. */
    private static List<Long> expungeLatencies(String address, List<Map.Entry<Long, String>> samples)
            throws Exception {
        Map<String, Long> storedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread watcher = new Thread(() -> watchStored(address, storedAt, stop, assigned), "archive.stored watcher");
        watcher.start();
        assertThat(assigned.await(60, TimeUnit.SECONDS)).isTrue();
        List<Long> latencies = new ArrayList<>();
        try (MailConnection imap = MailConnection.open(new HostPort("127.0.0.1", imapPort), 30_000)) {
            imap.readLine();
            imapOk(imap, "a1 LOGIN \"" + address + "\" \"" + PASSWORD + "\"");
            imapOk(imap, "a2 SELECT INBOX");
            int tag = 3;
            for (Map.Entry<Long, String> sample : samples) {
                imapOk(imap, "a" + tag++ + " UID STORE " + sample.getKey() + " +FLAGS.SILENT (\\Deleted)");
                imapOk(imap, "a" + tag++ + " EXPUNGE");
                long expunged = System.nanoTime();
                long deadline = expunged + TimeUnit.SECONDS.toNanos(60);
                while (!storedAt.containsKey(sample.getValue())) {
                    assertThat(System.nanoTime()).as("archived within 60 s").isLessThan(deadline);
                    Thread.sleep(0, 200_000);
                }
                latencies.add(storedAt.get(sample.getValue()) - expunged);
            }
            imapOk(imap, "a" + tag + " LOGOUT");
        } finally {
            stop.set(true);
            watcher.join();
        }
        return latencies;
    }

    private static void watchStored(String address, Map<String, Long> storedAt, AtomicBoolean stop,
            java.util.concurrent.CountDownLatch assigned) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "archive-bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ARCHIVE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(10))) {
                    long now = System.nanoTime();
                    Event event = EventCodec.decode(record.value());
                    if (event.data() instanceof ArchiveStored s && s.address().equals(address)) {
                        storedAt.putIfAbsent(s.blobId(), now);
                    }
                }
            }
        }
    }

    /** Streams the backup to {@code zip}; returns {total nanos, nanos to the first byte}. */
    private static long[] backup(String address, Path zip) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + archiveHttp + "/internal/accounts/" + address + "/backup")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long firstByte;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(zip)) {
            int b = in.read();
            firstByte = System.nanoTime() - start;
            out.write(b);
            in.transferTo(out);
        }
        return new long[] {System.nanoTime() - start, firstByte};
    }

    // ------------------------------------------------------------------ helpers

    private static Process startService(String name, Map<String, String> env, int port, List<String> jvmOptions)
            throws InterruptedException {
        Path jar = CHECKOUT.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package " + name + " first (bench/run-archive-bench does)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = Processes.startDetached(command, CHECKOUT.resolve(name), env, WORK.resolve(name + ".log"),
                WORK.resolve(name + ".pid"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            assertThat(process.isAlive()).as(() -> name + " exited:\n" + Processes.tail(WORK.resolve(name + ".log"),
                    40)).isTrue();
            assertThat(System.nanoTime()).as(name + " ready within 3 minutes").isLessThan(deadline);
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Processes.sleep(500);
        }
    }

    private static void awaitArchived(String address, long count, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (Long.parseLong(field(get(archiveHttp, "/internal/accounts/" + address + "/archive/totals"), "count"))
                < count) {
            assertThat(System.nanoTime()).as(count + " entries archived in time").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** UID -> blob id of the account's live INBOX messages, from protocol-service's listing. */
    private static Map<Long, String> liveInbox(String address) throws Exception {
        Map<Long, String> blobs = new TreeMap<>();
        Pattern message = Pattern.compile(
                "\"folder\":\"INBOX\",\"uidValidity\":\\d+,\"uid\":(\\d+),\"blobId\":\"(\\w+)\"");
        String cursor = null;
        do {
            String page = get(protocolHttp, "/internal/accounts/" + address + "/messages?limit=5000"
                    + (cursor == null ? "" : "&after=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            Matcher m = message.matcher(page);
            while (m.find()) {
                blobs.put(Long.parseLong(m.group(1)), m.group(2));
            }
            cursor = field(page, "next");
        } while (cursor != null && !cursor.equals("null"));
        return blobs;
    }

    private static void imapOk(MailConnection imap, String command) throws IOException {
        imap.write(command + "\r\n");
        imap.flush();
        String tag = command.substring(0, command.indexOf(' ') + 1);
        for (String line = imap.readLine(); ; line = imap.readLine()) {
            if (line.startsWith(tag)) {
                assertThat(line).as(command).startsWith(tag + "OK");
                return;
            }
        }
    }

    private static List<String> gcLines() throws IOException {
        Path log = WORK.resolve("archive-gc.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * The largest heap occupancy in these GC log lines, in MiB: before a collection ({@code group} 1), or right after
     * one ({@code group} 3: what survived, old garbage not yet reclaimed by a mixed collection included).
     */
    static long peakHeapMb(List<String> lines, int group) {
        long peak = 0;
        for (String line : lines) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, mib(Long.parseLong(m.group(group)), m.group(group + 1)));
            }
        }
        return peak;
    }

    private static long mib(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    private static String post(String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + protocolHttp
                + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
        return response.body();
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path output = WORK.resolve(command.get(0) + ".out");
        try (InputStream in = process.getInputStream()) {
            Files.copy(in, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String text = Files.readString(output);
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + text.lines().limit(20).toList())
                .isZero();
        return text;
    }

    private static MinioClient s3() {
        StackEndpoints endpoints = stack.endpoints();
        return MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
