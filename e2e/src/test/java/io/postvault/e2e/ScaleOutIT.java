package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.StackOptions;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.NewMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
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
 * Horizontal scale-out on one shared stack (PostgreSQL, Kafka, S3), as on Kubernetes with two pods of each: two
 * protocol-service replicas serve the same accounts (IMAP IDLE on one sees a delivery made through the other; the POP3
 * maildrop lock holds across replicas; the outbox relays hand over without sending an event twice or stalling, and
 * every account's events reach the broker in order); two archive-service and two quota-service replicas share the
 * partitions of their consumer groups, and every removal is archived, and counted in the quota ledger, exactly once.
 * Two search-service replicas each keep a whole index (each its own consumer group, named after the replica): both find
 * every message by its words, once; one killed (SIGKILL) leaves the other serving, and once restarted it catches up.
 */
class ScaleOutIT {

    private static final int ACCOUNTS = 3;
    private static final int MESSAGES_PER_ROUND = 5;
    private static final String PASSWORD = "scale-out-secret";

    private static Path base;
    private static LocalStack stack;
    private static List<ServiceReplica> replicas;
    /** The two search-service replicas: the first is killed in the middle of the story and started again. */
    private static ServiceReplica searchCrashing;
    private static ServiceReplica searchServing;
    /** The protocol-service replica whose outbox relay holds the lock at the start, and the one standing by. */
    private static ServiceReplica active;
    private static ServiceReplica standby;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        base = Files.createTempDirectory("postvault-scale-");
        Processes.makeTraversable(base);
        stack = LocalStack.start(StackOptions.randomPorts(base));
        Map<String, String> env = stack.endpoints().asEnvironment();
        Map<String, String> protocolEnv = Map.of("POSTVAULT_IMAP_ALLOW_PLAINTEXT_ON_LOOPBACK", "true",
                "POSTVAULT_POP3_ALLOW_PLAINTEXT_ON_LOOPBACK", "true");
        replicas = new ArrayList<>();
        for (String suffix : List.of("1", "2")) {
            replicas.add(ServiceReplica.start("protocol-service", "protocol-" + suffix, env, protocolEnv, base));
            replicas.add(ServiceReplica.start("archive-service", "archive-" + suffix, env, Map.of(), base));
        }
        // quota-service calls protocol-service and archive-service (the gauge): the first replica of each. No gauge
        // catch-up at start: the ledger here must come from the events alone.
        Map<String, String> quotaEnv = Map.of("POSTVAULT_PROTOCOL_URL", replicas.get(0).baseUrl(),
                "POSTVAULT_ARCHIVE_URL", replicas.get(1).baseUrl(), "POSTVAULT_QUOTA_GAUGE_CATCH_UP_ON_START", "false");
        for (String suffix : List.of("1", "2")) {
            replicas.add(ServiceReplica.start("quota-service", "quota-" + suffix, env, quotaEnv, base));
        }
        // search-service replicas as a StatefulSet names them, each with an index folder of its own (its volume).
        for (String replica : List.of("search-service-0", "search-service-1")) {
            replicas.add(ServiceReplica.start("search-service", replica, env, Map.of(
                    "POSTVAULT_SEARCH_REPLICA", replica,
                    "POSTVAULT_SEARCH_INDEX_DIR", base.resolve(replica + "-index").toString()), base));
        }
        searchCrashing = replicas.get(replicas.size() - 2);
        searchServing = replicas.get(replicas.size() - 1);
        long start = System.nanoTime();
        CompletableFuture.allOf(replicas.stream().map(r -> CompletableFuture.runAsync(r::awaitReady))
                .toArray(CompletableFuture[]::new)).join();
        System.out.printf("scale-out: %d replicas ready in %d s%n", replicas.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        List<ServiceReplica> protocol = replicas.stream().filter(r -> r.name.startsWith("protocol-")).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> protocol.stream().filter(ScaleOutIT::relayActive).count() == 1);
        active = protocol.stream().filter(ScaleOutIT::relayActive).findFirst().orElseThrow();
        standby = protocol.stream().filter(r -> r != active).findFirst().orElseThrow();
    }

    @AfterAll
    static void stopAll() {
        if (replicas != null) {
            CompletableFuture.allOf(replicas.stream().map(r -> CompletableFuture.runAsync(r::close))
                    .toArray(CompletableFuture[]::new)).join();
        }
        if (stack != null) {
            stack.close();
        }
        if (base != null) {
            Processes.deleteTree(base);
        }
    }

    @Test
    void twoReplicasOfEachServeTheSameAccountsWithoutDoubleEffects() throws Exception {
        long start = System.nanoTime();
        String domain = "scale-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        post(active, "/internal/domains", "{\"name\":\"" + domain + "\",\"quotaBytes\":1000000000}");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            post(active, "/internal/domains/" + domain + "/accounts",
                    "{\"localPart\":\"user" + i + "\",\"password\":\"" + PASSWORD + "\",\"kind\":\"PERSONAL\"}");
            addresses.add("user" + i + "@" + domain);
        }
        List<String> delivered = new ArrayList<>();

        // IMAP IDLE on one replica is told of a delivery made through the other (PostgreSQL LISTEN/NOTIFY).
        try (LineClient imap = LineClient.plain(standby.port("POSTVAULT_IMAP_PORT"))) {
            assertThat(imap.readLine()).startsWith("* OK");
            assertThat(imap.command("a1 LOGIN " + addresses.get(0) + " " + PASSWORD)).startsWith("a1 OK");
            assertThat(untilTagged(imap, imap.command("a2 SELECT INBOX"), "a2")).startsWith("a2 OK");
            assertThat(imap.command("a3 IDLE")).startsWith("+ ");
            delivered.add(deliver(active, addresses.get(0)));
            assertThat(imap.readLine()).as("IDLE on one replica after a delivery on the other").isEqualTo("* 1 EXISTS");
            imap.send("DONE");
            assertThat(untilTagged(imap, imap.readLine(), "a3")).startsWith("a3 OK");
        }

        // The POP3 maildrop lock is one lock for all replicas: [IN-USE] on one while the other holds it.
        try (LineClient holder = LineClient.plain(active.port("POSTVAULT_POP3_PORT"))) {
            assertThat(popLogin(holder, addresses.get(0))).startsWith("+OK");
            try (LineClient other = LineClient.plain(standby.port("POSTVAULT_POP3_PORT"))) {
                assertThat(popLogin(other, addresses.get(0))).startsWith("-ERR [IN-USE]");
            }
            assertThat(holder.command("QUIT")).startsWith("+OK");
        }
        try (LineClient other = LineClient.plain(standby.port("POSTVAULT_POP3_PORT"))) {
            assertThat(popLogin(other, addresses.get(0))).as("free once the other quit").startsWith("+OK");
            assertThat(other.command("QUIT")).startsWith("+OK");
        }

        // Both archive and both quota replicas work: the partitions of postvault.mail.v1 are split between them.
        assertThat(mailPartitionOwners("archive-service")).as("archive-service consumers owning mail partitions")
                .hasSize(2);
        assertThat(mailPartitionOwners("quota-service")).as("quota-service consumers owning mail partitions")
                .hasSize(2);
        // Each search-service replica reads every partition, in a group of its own.
        for (ServiceReplica search : List.of(searchCrashing, searchServing)) {
            assertSoleMemberOwnsEveryMailPartition(search.name);
        }

        // Deliveries through both replicas; then the one whose relay is active stops (SIGTERM, as Kubernetes stops a
        // pod): the standby relay takes the lock over and the other replica goes on alone.
        for (int round = 0; round < MESSAGES_PER_ROUND; round++) {
            for (String address : addresses) {
                delivered.add(deliver(round % 2 == 0 ? active : standby, address));
            }
        }
        // A search replica crashes meanwhile: the other goes on serving, and finds what is delivered while it is down.
        searchCrashing.kill();
        active.close();
        await("the standby relay takes over").atMost(Duration.ofSeconds(30)).until(() -> relayActive(standby));
        List<String> whileOneSearchIsDown = new ArrayList<>();
        for (int round = 0; round < MESSAGES_PER_ROUND; round++) {
            for (String address : addresses) {
                whileOneSearchIsDown.add(deliver(standby, address));
            }
        }
        delivered.addAll(whileOneSearchIsDown);
        await("the remaining search replica finds the new messages").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(total(searchServing, domain, Map.of("q", "scale"))).isEqualTo(delivered.size()));
        for (String messageId : whileOneSearchIsDown) {
            assertThat(total(searchServing, domain, Map.of("q", wordOf(messageId)))).as(messageId).isEqualTo(1);
        }
        // Every message deleted over POP3 (DELE, QUIT) on the remaining replica: each goes to the archive.
        for (String address : addresses) {
            deleteAllOverPop3(standby, address);
        }
        // The crashed search replica comes back on its own index and catches up with what it missed.
        searchCrashing.restart();
        searchCrashing.awaitReady();

        Set<String> expected = Set.copyOf(delivered);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            DomainEvents events = domainEvents(domain);
            assertThat(events.duplicateIds).as("events published twice").isEmpty();
            assertThat(events.delivered.keySet()).as("a message.delivered per delivery").isEqualTo(expected);
            assertThat(events.removed.keySet()).as("a message.removed per deletion").isEqualTo(expected);
            assertThat(events.delivered.values()).as("each delivered once").containsOnly(1);
            assertThat(events.removed.values()).as("each removed once").containsOnly(1);
            assertThat(events.outOfOrder).as("per account, events on the broker in the order they happened").isEmpty();
        });
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(archivedMessageIds(domain)).as("archived exactly once each").isEqualTo(countsOfOne(expected)));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String usage = get(replicas.stream().filter(r -> r.name.equals("quota-2")).findFirst().orElseThrow(),
                    "/internal/domains/" + domain + "/usage");
            assertThat(liveFigure(usage, "occupiedCount")).as("quota: nothing live left").isZero();
            assertThat(liveFigure(usage, "archiveCount")).as("quota: every message counted once in archives")
                    .isEqualTo(expected.size());
            assertThat(liveFigure(usage, "archiveBytes")).as("quota: archive bytes once each")
                    .isEqualTo(archivedBytes(domain));
        });
        // Each replica applies the mail and archive topics with consumers of their own, so while one catches up a
        // message may briefly have its live and its archived document at once (archive.stored read before the
        // removal): the replicas must converge to every message once, which is what is awaited, all in one check.
        for (ServiceReplica search : List.of(searchServing, searchCrashing)) {
            await(search.name + " holds every message, archived, once").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        assertThat(total(search, domain, Map.of("q", "scale"))).isEqualTo(expected.size());
                        assertThat(total(search, domain, Map.of("status", "archived"))).isEqualTo(expected.size());
                        for (String messageId : expected) {
                            assertThat(total(search, domain, Map.of("q", wordOf(messageId))))
                                    .as(search.name + " " + messageId).isEqualTo(1);
                        }
                    });
        }
        System.out.printf("scale-out: %d messages through 2 protocol-service replicas (relay handed over), archived "
                + "and counted once each by 2 archive-service and 2 quota-service replicas, found once by each of 2 "
                + "search-service replicas (one killed and caught up), in %d s%n", expected.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    private void post(ServiceReplica replica, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
    }

    private String get(ServiceReplica replica, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** A number of the gauge's live figure ({@code "live":{...}}). */
    private static long liveFigure(String gauge, String field) {
        Matcher live = Pattern.compile("\"live\":\\{[^}]*\"" + field + "\":(\\d+)").matcher(gauge);
        assertThat(live.find()).as(field + " in " + gauge).isTrue();
        return Long.parseLong(live.group(1));
    }

    /** The word only the message of {@code messageId} holds in its body. */
    private static String wordOf(String messageId) {
        return "w" + messageId.replaceAll("@.*|-", "");
    }

    /** The number of messages of {@code domain} a search-service replica finds with {@code parameters}. */
    private long total(ServiceReplica search, String domain, Map<String, String> parameters) throws Exception {
        StringBuilder query = new StringBuilder("?limit=1");
        parameters.forEach((name, value) -> query.append('&').append(name).append('=').append(value));
        Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(get(search, "/internal/domains/" + domain
                + "/history" + query));
        assertThat(total.find()).isTrue();
        return Long.parseLong(total.group(1));
    }

    /** One consumer of the group owns every partition of postvault.mail.v1 (waits for it a minute). */
    private static void assertSoleMemberOwnsEveryMailPartition(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.endpoints().kafkaBootstrap()))) {
            int partitions = admin.describeTopics(List.of(Topics.MAIL)).allTopicNames().get().get(Topics.MAIL)
                    .partitions().size();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                List<Set<TopicPartition>> owned = new ArrayList<>();
                for (MemberDescription member : admin.describeConsumerGroups(List.of(group)).describedGroups()
                        .get(group).get().members()) {
                    Set<TopicPartition> mail = new HashSet<>(member.assignment().topicPartitions());
                    mail.removeIf(p -> !p.topic().equals(Topics.MAIL));
                    if (!mail.isEmpty()) {
                        owned.add(mail);
                    }
                }
                assertThat(owned).as(group + ": the mail partitions owned by each consumer").hasSize(1);
                assertThat(owned.get(0)).as(group + ": every mail partition").hasSize(partitions);
            });
        }
    }

    /** Whether the replica's outbox relay holds the lock (its metric postvault_outbox_relay_active). */
    private static boolean relayActive(ServiceReplica replica) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(replica.baseUrl()
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().anyMatch(line -> line.startsWith("postvault_outbox_relay_active")
                    && line.endsWith(" 1.0"));
        } catch (Exception e) {
            return false;
        }
    }

    /** One LMTP delivery through the replica; returns the Message-ID. */
    private static String deliver(ServiceReplica replica, String address) throws Exception {
        String messageId = UUID.randomUUID() + "@scale.test";
        try (LineClient lmtp = LineClient.plain(replica.port("POSTVAULT_LMTP_PORT"))) {
            assertThat(lmtp.readReply()).startsWith("220");
            lmtp.send("LHLO scale.test");
            assertThat(lmtp.readReply()).startsWith("250");
            assertThat(lmtp.command("MAIL FROM:<sender@scale.test>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<" + address + ">")).startsWith("250");
            assertThat(lmtp.command("DATA")).startsWith("354");
            lmtp.send("From: sender@scale.test\r\nTo: " + address + "\r\nSubject: scale-out\r\nMessage-ID: <"
                    + messageId + ">\r\n\r\nDelivered through " + replica.name + ", word " + wordOf(messageId)
                    + ".\r\n.");
            assertThat(lmtp.readReply()).as("delivery through " + replica.name).startsWith("250");
            lmtp.send("QUIT");
        }
        return messageId;
    }

    private static String popLogin(LineClient pop3, String address) throws Exception {
        assertThat(pop3.readLine()).startsWith("+OK");
        assertThat(pop3.command("USER " + address)).startsWith("+OK");
        return pop3.command("PASS " + PASSWORD);
    }

    private static void deleteAllOverPop3(ServiceReplica replica, String address) throws Exception {
        try (LineClient pop3 = LineClient.plain(replica.port("POSTVAULT_POP3_PORT"))) {
            assertThat(popLogin(pop3, address)).startsWith("+OK");
            String stat = pop3.command("STAT");
            int count = Integer.parseInt(stat.split(" ")[1]);
            for (int i = 1; i <= count; i++) {
                assertThat(pop3.command("DELE " + i)).startsWith("+OK");
            }
            assertThat(pop3.command("QUIT")).startsWith("+OK");
        }
    }

    /** Reads IMAP lines from {@code first} on until the tagged reply of {@code tag}; returns it. */
    private static String untilTagged(LineClient imap, String first, String tag) throws Exception {
        String line = first;
        while (!line.startsWith(tag + " ")) {
            line = imap.readLine();
        }
        return line;
    }

    /** The consumers of the group that own partitions of postvault.mail.v1 (one per replica when both share). */
    private static Set<String> mailPartitionOwners(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.endpoints().kafkaBootstrap()))) {
            Set<String> owners = new HashSet<>();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                owners.clear();
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                for (MemberDescription member : description.members()) {
                    if (member.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(Topics.MAIL))) {
                        owners.add(member.consumerId());
                    }
                }
                assertThat(owners).hasSize(2);
            });
            return owners;
        }
    }

    /** The mail events of the domain on the broker, read from the start. */
    private static final class DomainEvents {
        final Map<String, Integer> delivered = new HashMap<>();
        final Map<String, Integer> removed = new HashMap<>();
        final Set<UUID> duplicateIds = new HashSet<>();
        final List<String> outOfOrder = new ArrayList<>();
    }

    private static DomainEvents domainEvents(String domain) {
        DomainEvents events = new DomainEvents();
        Set<UUID> seen = new HashSet<>();
        Map<String, Long> lastUid = new HashMap<>();
        Set<String> deliveredSoFar = new HashSet<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "scale-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
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
                    if (!domain.equals(event.domain())) {
                        continue;
                    }
                    if (!seen.add(event.id())) {
                        events.duplicateIds.add(event.id());
                    }
                    if (event.type() == EventType.MESSAGE_DELIVERED) {
                        NewMessage message = (NewMessage) event.data();
                        String id = strip(message.summary().messageId());
                        events.delivered.merge(id, 1, Integer::sum);
                        deliveredSoFar.add(id);
                        Long previous = lastUid.put(message.address(), message.uid());
                        if (previous != null && previous >= message.uid()) {
                            events.outOfOrder.add(message.address() + ": uid " + message.uid() + " after " + previous);
                        }
                    } else if (event.type() == EventType.MESSAGE_REMOVED) {
                        String id = strip(((MessageRemoved) event.data()).summary().messageId());
                        events.removed.merge(id, 1, Integer::sum);
                        if (!deliveredSoFar.contains(id)) {
                            events.outOfOrder.add(id + " removed before its delivery");
                        }
                    }
                }
            }
        }
        return events;
    }

    /** Message-ID -> number of archive entries of the domain carrying it. */
    private static Map<String, Integer> archivedMessageIds(String domain) throws Exception {
        StackEndpoints endpoints = stack.endpoints();
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(),
                endpoints.dbPassword());
             PreparedStatement ps = c.prepareStatement("SELECT message_id FROM archive.archive_entry WHERE domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.merge(strip(rs.getString(1)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static long archivedBytes(String domain) throws Exception {
        StackEndpoints endpoints = stack.endpoints();
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(),
                endpoints.dbPassword());
             PreparedStatement ps = c.prepareStatement("SELECT sum(size) FROM archive.archive_entry WHERE domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Integer> countsOfOne(Set<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.put(id, 1));
        return counts;
    }

    private static String strip(String messageId) {
        return messageId == null ? null : messageId.replaceAll("^<|>$", "");
    }
}
