package io.postvault.deploy.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.postvault.deploy.ServiceConfigNames;
import io.postvault.deploy.launcher.ServiceDefinition;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/compose.yaml checked offline, since no Docker runs on the build machines: it parses; it uses the
 * official images; every PostVault service is built from its Dockerfile (non-root) and gets every connection setting
 * it reads and nothing it does not read; every address in those settings names a service of the file on the port it
 * listens on; the mail ports are published on the standard numbers; and every topic is created as the local stack
 * creates it. Whether the containers start is not tested here.
 */
class ComposeFileTest {

    private static final Path CHECKOUT = Path.of("..");
    private static final Path COMPOSE = Path.of("compose/compose.yaml");
    private static final Pattern ADDRESS = Pattern.compile("^(?:jdbc:postgresql|http)://([a-z-]+):(\\d+)|^([a-z-]+):(\\d+)$");
    /** What listens where inside the compose network: infrastructure, then each service's HTTP port. */
    private static final Map<String, Integer> LISTENS = new HashMap<>(Map.of("postgres", 5432, "kafka", 9092,
            "minio", 9000));

    private static JsonNode services;

    @BeforeAll
    static void parse() throws Exception {
        services = new YAMLMapper().readTree(COMPOSE.toFile()).path("services");
        ServiceDefinition.ALL.forEach(s -> LISTENS.put(s.name(), s.httpPort()));
    }

    @Test
    void usesTheOfficialImagesAndBuildsEveryServiceFromItsDockerfile() throws Exception {
        assertEquals("postgres", image(services.path("postgres")));
        assertEquals("apache/kafka", image(services.path("kafka")));
        assertEquals("minio/minio", image(services.path("minio")));
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            JsonNode build = services.path(service.name()).path("build");
            Path module = COMPOSE.getParent().resolve(build.path("context").asText()).normalize();
            assertEquals(CHECKOUT.resolve(service.moduleDir()).normalize(), module, service.name());
            Path dockerfile = module.resolve(build.path("dockerfile").asText());
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/"), dockerfile.toString());
            assertTrue(text.contains("\nUSER 185\n"), dockerfile + " runs as non-root");
        }
    }

    @Test
    void everyServiceGetsTheSettingsItReadsAndOnlyThose() throws Exception {
        List<String> problems = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Set<String> reads = ServiceConfigNames.of(CHECKOUT.resolve(service.moduleDir())
                    .resolve("src/main/resources/application.properties")).environmentNames();
            JsonNode environment = services.path(service.name()).path("environment");
            environment.fieldNames().forEachRemaining(name -> {
                if (!reads.contains(name)) {
                    problems.add(service.name() + " does not read " + name);
                }
            });
            for (String endpoint : new StackEndpoints("u", "u", "p", "k", "s", "a", "s").asEnvironment().keySet()) {
                if (reads.contains(endpoint) && !environment.has(endpoint)) {
                    problems.add(service.name() + " reads " + endpoint + " but compose does not set it");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyAddressNamesAServiceOnThePortItListensOn() {
        List<String> checked = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            services.path(service.name()).path("environment").fields().forEachRemaining(entry -> {
                Matcher address = ADDRESS.matcher(entry.getValue().asText());
                if (address.find()) {
                    String host = address.group(1) != null ? address.group(1) : address.group(3);
                    int port = Integer.parseInt(address.group(2) != null ? address.group(2) : address.group(4));
                    assertTrue(services.has(host), service.name() + " " + entry.getKey() + ": no service " + host);
                    assertEquals(LISTENS.get(host), port, service.name() + " " + entry.getKey());
                    assertTrue(dependsOnOrIsService(service.name(), host), service.name() + " reaches " + host);
                    checked.add(entry.getKey());
                }
            });
        }
        assertTrue(checked.size() >= 15, "addresses checked: " + checked);
    }

    @Test
    void publishesTheStandardMailPortsAndTheApi() {
        ServiceDefinition protocol = ServiceDefinition.ALL.stream().filter(s -> s.name().equals("protocol-service"))
                .findFirst().orElseThrow();
        Map<String, String> published = new HashMap<>();
        services.path("protocol-service").path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            published.put(parts[parts.length - 2], parts[parts.length - 1]);
        });
        Map<String, String> expected = Map.of("143", "POSTVAULT_IMAP_PORT", "993", "POSTVAULT_IMAP_TLS_PORT",
                "110", "POSTVAULT_POP3_PORT", "995", "POSTVAULT_POP3_TLS_PORT", "24", "POSTVAULT_LMTP_PORT");
        expected.forEach((hostPort, variable) -> assertEquals(String.valueOf(protocol.otherPorts().get(variable)),
                published.get(hostPort), hostPort));
        assertTrue(services.path("protocol-service").path("ports").toString().contains("\"127.0.0.1:24:1024\""),
                "LMTP only on the host's loopback (it takes mail without authentication)");
        assertEquals("8080:8080", services.path("gateway").path("ports").get(0).asText());
    }

    @Test
    void createsEveryTopicAsTheLocalStackDoes() {
        String script = services.path("kafka-topics").path("command").get(0).asText();
        Set<String> created = new HashSet<>();
        for (String line : script.strip().split("\n")) {
            Matcher m = Pattern.compile("--topic (\\S+) --partitions (\\d+) .*retention\\.ms=(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            Topics.TopicSpec spec = Topics.ALL.stream().filter(t -> t.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("not a topic of the stack: " + line));
            assertEquals(spec.partitions(), Integer.parseInt(m.group(2)), spec.name());
            assertEquals(spec.retention().toMillis(), Long.parseLong(m.group(3)), spec.name());
            created.add(spec.name());
        }
        assertEquals(Topics.ALL.size(), created.size());
    }

    private static boolean dependsOnOrIsService(String service, String host) {
        return services.path(service).path("depends_on").has(host) || ServiceDefinition.ALL.stream()
                .anyMatch(s -> s.name().equals(host)) || "kafka".equals(host)
                && services.path(service).path("depends_on").has("kafka-topics");
    }

    private static String image(JsonNode service) {
        String image = service.path("image").asText();
        return URI.create("x:" + image).getSchemeSpecificPart().replaceAll(":[^/]*$", "");
    }
}
