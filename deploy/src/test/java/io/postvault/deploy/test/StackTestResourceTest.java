package io.postvault.deploy.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.S3ProxyServer;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.Topics;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real stack for the class, as the services' tests get it; each piece really used. */
class StackTestResourceTest {

    private static Map<String, String> config;
    private static StackEndpoints endpoints;

    @BeforeAll
    static void startStack() {
        long begin = System.nanoTime();
        config = new StackTestResource().start();
        endpoints = StackTestResource.endpoints();
        System.out.printf("stack started in %d ms: %s%n", (System.nanoTime() - begin) / 1_000_000, config);
    }

    @AfterAll
    static void stopStack() {
        LocalStack stack = StackTestResource.stack();
        List<Long> pids = stack.pids();
        Path base = stack.baseDir();
        assertEquals(stack.components().size(), pids.size(), "one process per started component");
        stack.close();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
        for (String name : List.of("postgres", "kafka", "s3")) {
            assertFalse(Files.exists(base.resolve("run").resolve(name + ".pid")), "pid file of " + name + " left");
        }
    }

    @Test
    void configHasTheKeysTheServicesRead() {
        assertEquals(Set.of("postvault.db.url", "postvault.db.username", "postvault.db.password",
                "postvault.kafka.bootstrap", "postvault.s3.endpoint", "postvault.s3.access-key",
                "postvault.s3.secret-key"), config.keySet());
        assertEquals(StackTestResource.endpoints().asConfig(), config);
        assertEquals("POSTVAULT_S3_ACCESS_KEY", StackEndpoints.toEnvName("postvault.s3.access-key"));
    }

    @Test
    void postgresRoundTrip() throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(),
                endpoints.dbPassword()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS stack_probe (id uuid PRIMARY KEY, note text NOT NULL)");
            UUID id = UUID.randomUUID();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stack_probe VALUES (?, ?)")) {
                insert.setObject(1, id);
                insert.setString(2, "grüße");
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT note FROM stack_probe WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("grüße", rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT current_database(), pg_encoding_to_char(encoding)"
                    + " FROM pg_database WHERE datname = current_database()")) {
                assertTrue(rs.next());
                assertEquals("postvault", rs.getString(1));
                assertEquals("UTF8", rs.getString(2));
            }
        }
    }

    @Test
    void kafkaTopicsExistWithTheirSettings() throws Exception {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            List<String> names = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topics.TopicSpec spec : Topics.ALL) {
                assertEquals(spec.partitions(), descriptions.get(spec.name()).partitions().size(), spec.name());
                String retention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                        .get(TopicConfig.RETENTION_MS_CONFIG).value();
                assertEquals(Long.toString(spec.retention().toMillis()), retention, spec.name());
            }
        }
    }

    @Test
    void kafkaProduceAndConsumeOnEveryTopic() throws Exception {
        Properties producerProps = new Properties();
        producerProps.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        producerProps.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
        String value = "probe-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (Topics.TopicSpec spec : Topics.ALL) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(spec.name(), "account-1", value))
                        .get(30, TimeUnit.SECONDS);
                TopicPartition partition = new TopicPartition(spec.name(), metadata.partition());
                partitions.add(partition);
                offsets.put(partition, metadata.offset());
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        consumerProps.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            offsets.forEach(consumer::seek);
            Map<String, String> received = new java.util.HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < partitions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received.put(record.topic(), record.value());
                }
            }
            for (Topics.TopicSpec spec : Topics.ALL) {
                assertEquals(value, received.get(spec.name()), spec.name());
            }
        }
    }

    @Test
    void s3PutAndGetInBothBuckets() throws Exception {
        try (MinioClient client = MinioClient.builder()
                .endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey())
                .region("us-east-1")
                .build()) {
            for (String bucket : S3ProxyServer.BUCKETS) {
                assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()), bucket);
                byte[] body = ("hello " + bucket).getBytes(StandardCharsets.UTF_8);
                String key = "probe/" + UUID.randomUUID();
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(body), (long) body.length, null)
                        .contentType("message/rfc822").build());
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                    assertEquals(new String(body, StandardCharsets.UTF_8),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }
}
