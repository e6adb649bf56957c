package io.postvault.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.postvault.deploy.ServiceConfigNames;
import io.postvault.deploy.stack.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize deploy/k8s/overlays/prod} (and dev) renders, every rendered object validates offline against
 * the Kubernetes and CRD schemas, every workload has probes, limits and runs as non-root, every environment variable a
 * service gets is one it reads, and every topic the services use exists as a KafkaTopic with the stack's retention.
 * A deliberately broken overlay shows that each check fails when it should.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path FIXTURES = Path.of("src/test/resources/k8s");
    private static final Set<String> SERVICES = Set.of("protocol-service", "archive-service", "quota-service",
            "search-service", "gateway");

    private static List<JsonNode> prod;
    private static List<JsonNode> dev;
    private static ManifestSchemas schemas;

    @BeforeAll
    static void render() throws Exception {
        prod = Kustomize.render(K8S.resolve("overlays/prod"));
        dev = Kustomize.render(K8S.resolve("overlays/dev"));
        schemas = new ManifestSchemas(K8S.resolve("schemas"));
    }

    @Test
    void prodRendersAndEveryObjectMatchesItsSchema() {
        // No PersistentVolumeClaim of its own: the volumes are the StatefulSets' claim templates (MinIO, search).
        assertEquals(Set.of("Namespace", "ConfigMap", "Deployment", "StatefulSet", "Service", "PodDisruptionBudget",
                "HorizontalPodAutoscaler", "Ingress", "NetworkPolicy", "Kafka", "KafkaNodePool", "KafkaTopic",
                "Cluster", "ScheduledBackup", "Certificate"), kinds(prod));
        assertEquals(List.of(), schemaProblems(prod));
        assertTrue(prod.stream().allMatch(o -> "postvault".equals(o.path("metadata").path("namespace").asText())
                || "Namespace".equals(o.path("kind").asText())), "every object in namespace postvault");
    }

    @Test
    void devRendersAndEveryObjectMatchesItsSchema() {
        assertTrue(kinds(dev).contains("Secret"), "dev generates its own development secrets");
        assertEquals(List.of(), schemaProblems(dev));
    }

    @Test
    void everyWorkloadHasProbesLimitsAndRunsAsNonRoot() {
        for (List<JsonNode> objects : List.of(prod, dev)) {
            List<JsonNode> workloads = objects.stream().filter(WorkloadRules::isWorkload).toList();
            assertEquals(new TreeSet<>(Set.of("protocol-service", "archive-service", "quota-service", "search-service",
                    "gateway", "minio")), names(workloads));
            List<String> problems = new ArrayList<>();
            workloads.forEach(w -> problems.addAll(WorkloadRules.problems(w)));
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void statelessServicesScaleAndEveryServiceHasADisruptionBudget() {
        assertEquals(Set.of("protocol-service", "archive-service", "quota-service", "gateway"),
                Set.copyOf(names(ofKind(prod, "HorizontalPodAutoscaler"))));
        assertTrue(names(ofKind(prod, "PodDisruptionBudget")).containsAll(SERVICES));
        JsonNode mail = named(ofKind(prod, "Service"), "postvault-mail");
        assertEquals("LoadBalancer", mail.path("spec").path("type").asText());
        assertEquals(Set.of(143, 993, 110, 995, 587), ports(mail));
        assertEquals(Set.of(8081, 24), ports(named(ofKind(prod, "Service"), "protocol-service")));
    }

    @Test
    void searchReplicasEachKeepAWholeIndexOnTheirOwnVolumeUnderTheirPodName() {
        for (List<JsonNode> objects : List.of(prod, dev)) {
            JsonNode search = named(ofKind(objects, "StatefulSet"), "search-service");
            JsonNode container = search.path("spec").path("template").path("spec").path("containers").get(0);
            JsonNode claim = search.path("spec").path("volumeClaimTemplates").get(0);
            assertEquals("index", claim.path("metadata").path("name").asText());
            assertTrue(container.path("volumeMounts").toString().contains(
                    "{\"mountPath\":\"/var/lib/postvault/search-index\",\"name\":\"index\"}"), "index on its volume");
            assertEquals("/var/lib/postvault/search-index", env(container, "POSTVAULT_SEARCH_INDEX_DIR").path("value")
                    .asText());
            assertEquals("metadata.name", env(container, "POSTVAULT_SEARCH_REPLICA").path("valueFrom").path("fieldRef")
                    .path("fieldPath").asText(), "the replica is named by its pod");
            JsonNode replicas = named(ofKind(objects, "Service"), search.path("spec").path("serviceName").asText());
            assertEquals("None", replicas.path("spec").path("clusterIP").asText(), "each replica by its own name");
        }
        JsonNode prodSearch = named(ofKind(prod, "StatefulSet"), "search-service");
        assertTrue(prodSearch.path("spec").path("replicas").asInt() >= 2, "prod runs several search replicas");
        assertEquals("200Gi", prodSearch.path("spec").path("volumeClaimTemplates").get(0).path("spec")
                .path("resources").path("requests").path("storage").asText());
    }

    @Test
    void everyServiceGetsOnlyConfigurationItReadsAndEveryReferencedKeyExists() throws Exception {
        JsonNode endpoints = named(ofKind(prod, "ConfigMap"), "postvault-endpoints");
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : prod.stream().filter(WorkloadRules::isWorkload).toList()) {
            JsonNode container = workload.path("spec").path("template").path("spec").path("containers").get(0);
            if (!container.path("image").asText().contains("postvault/")) {
                continue; // MinIO
            }
            String service = container.path("name").asText();
            ServiceConfigNames config = ServiceConfigNames.of(Path.of("..", service,
                    "src/main/resources/application.properties"));
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (name.startsWith("POSTVAULT_") && !config.reads(name)) {
                    problems.add(service + " does not read " + name);
                }
                JsonNode configMapKey = env.path("valueFrom").path("configMapKeyRef");
                if (!configMapKey.isMissingNode() && !endpoints.path("data").has(configMapKey.path("key").asText())) {
                    problems.add(service + ": " + name + " refers to a missing key " + configMapKey);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyTopicTheStackCreatesIsAKafkaTopicWithTheSameRetention() {
        Map<String, JsonNode> topics = ofKind(prod, "KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.path("metadata").path("name").asText(), t -> t.path("spec")));
        assertEquals(Topics.ALL.stream().map(Topics.TopicSpec::name).collect(Collectors.toSet()), topics.keySet());
        for (Topics.TopicSpec topic : Topics.ALL) {
            JsonNode spec = topics.get(topic.name());
            assertEquals(topic.retention().toMillis(), spec.path("config").path("retention.ms").asLong(), topic.name());
            assertTrue(spec.path("partitions").asInt() >= topic.partitions(), topic.name());
        }
        JsonNode kafkaConfig = ofKind(prod, "Kafka").get(0).path("spec").path("kafka").path("config");
        assertEquals(3, kafkaConfig.path("default.replication.factor").asInt());
        assertEquals(2, kafkaConfig.path("min.insync.replicas").asInt());
    }

    @Test
    void aBrokenOverlayFailsEveryCheck() throws Exception {
        List<JsonNode> broken = Kustomize.render(FIXTURES.resolve("broken"));
        List<String> schemaProblems = schemaProblems(broken);
        assertContains(schemaProblems, "Deployment gateway: ", "replica");
        assertContains(schemaProblems, "KafkaTopic postvault.mail.v1: ", "partition");
        assertContains(schemaProblems, "Cluster postvault-db: ", "instances");
        List<String> workloadProblems = new ArrayList<>();
        broken.stream().filter(WorkloadRules::isWorkload).forEach(w -> workloadProblems.addAll(WorkloadRules.problems(w)));
        assertContains(workloadProblems, "Deployment protocol-service/protocol-service: no readinessProbe", "");
        assertContains(workloadProblems, "Deployment archive-service/archive-service: may run as root", "");
        assertContains(workloadProblems, "Deployment quota-service/quota-service: no cpu limits", "");
        assertContains(workloadProblems, "Deployment quota-service/quota-service: no memory limits", "");
        assertContains(workloadProblems, "StatefulSet search-service/search-service: root filesystem is writable", "");
        assertContains(workloadProblems, "StatefulSet search-service/search-service: livenessProbe must be GET "
                + "/q/health/live", "");
    }

    @Test
    void aKustomizationThatDoesNotRenderIsAnError() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Kustomize.render(FIXTURES.resolve("unrenderable")));
        assertTrue(failure.getMessage().contains("failed"), failure.getMessage());
    }

    private static List<String> schemaProblems(List<JsonNode> objects) {
        assertFalse(objects.isEmpty(), "rendered nothing");
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(schemas.problems(o)));
        return problems;
    }

    private static void assertContains(List<String> problems, String prefix, String mention) {
        Predicate<String> match = p -> p.startsWith(prefix) && p.contains(mention);
        assertTrue(problems.stream().anyMatch(match), "expected a problem " + prefix + "..." + mention + " in " + problems);
    }

    private static Set<String> kinds(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static TreeSet<String> names(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("metadata").path("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode named(List<JsonNode> objects, String name) {
        return objects.stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no object named " + name));
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no " + name);
    }

    private static Set<Integer> ports(JsonNode service) {
        Set<Integer> ports = new java.util.HashSet<>();
        service.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }
}
