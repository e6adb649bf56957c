package io.postvault.protocol.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.QuotaLimits;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** quota.plan-changed on the real broker reaches the limit deliveries check, with no call to quota-service. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class PlanChangedConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    QuotaLimits limits;

    @Test
    void domainPlanAndAccountCapReachTheDeliveryLimit() throws Exception {
        String domain = "plan-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        given().contentType(ContentType.JSON).body(Map.of("name", domain, "quotaBytes", 1000))
                .when().post("/internal/domains").then().statusCode(201);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("localPart", "alice", "password", "secret-Pass-1", "kind", "PERSONAL"))
                .when().post("/internal/domains/" + domain + "/accounts").then().statusCode(201)
                .extract().path("id");
        Mailbox alice = new Mailbox(UUID.fromString(id), "alice@" + domain, domain, AccountKind.PERSONAL);
        assertThat(limits.fits(alice, 5000)).isFalse();

        // A malformed record first, on the same partition: it goes to the dead-letter topic, the next one applies.
        send(domain, "not an event".getBytes(StandardCharsets.UTF_8));
        send(domain, plan(domain, new PlanChanged(QuotaScope.DOMAIN, null, 1_000_000L)));
        await().atMost(PATIENCE).until(() -> limits.fits(alice, 5000));
        given().when().get("/internal/domains/" + domain).then().statusCode(200).body("quotaBytes",
                org.hamcrest.Matchers.equalTo(1_000_000));

        send(domain, plan(domain, new PlanChanged(QuotaScope.ACCOUNT, "alice@" + domain, 100L)));
        await().atMost(PATIENCE).until(() -> !limits.fits(alice, 500));
        assertThat(limits.fits(alice, 100)).isTrue();

        send(domain, plan(domain, new PlanChanged(QuotaScope.ACCOUNT, "alice@" + domain, null)));
        await().atMost(PATIENCE).until(() -> limits.fits(alice, 500));
    }

    private static byte[] plan(String domain, PlanChanged plan) {
        return EventCodec.encode(Event.of("/postvault/quota-service", EventType.PLAN_CHANGED, domain, null, plan));
    }

    private static void send(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.endpoints().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.QUOTA, key, value)).get();
        }
    }
}
