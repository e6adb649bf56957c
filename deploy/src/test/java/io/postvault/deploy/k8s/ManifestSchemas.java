package io.postvault.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates one rendered object offline against its schema. Built-in kinds: the models of the Kubernetes Java client,
 * generated from the Kubernetes 1.32 OpenAPI, which on reading reject unknown fields, missing required fields and
 * values of the wrong shape (quantities, int-or-string). Custom resources (Strimzi, CloudNativePG, cert-manager): the
 * JSON schemas vendored under {@code deploy/k8s/schemas}. A kind with neither is itself a problem.
 */
final class ManifestSchemas {

    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class));

    private final Path schemaDir;
    private final JSON json = new JSON();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final Map<Path, Schema> schemas = new ConcurrentHashMap<>();

    ManifestSchemas(Path schemaDir) {
        this.schemaDir = schemaDir;
    }

    /** What is wrong with the object, each problem prefixed with its kind and name; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String id = kind + " " + object.path("metadata").path("name").asText("(no name)") + ": ";
        Class<?> model = BUILT_IN.get(apiVersion + "/" + kind);
        if (model != null) {
            try {
                json.getGson().fromJson(object.toString(), model);
                return List.of();
            } catch (RuntimeException e) {
                // The client's message ends with the whole object as JSON: the field and type say enough.
                String message = String.valueOf(e.getMessage());
                int json = message.indexOf(" JSON: ");
                return List.of(id + (json < 0 ? message : message.substring(0, json)));
            }
        }
        Path schemaFile = schemaDir.resolve(apiVersion.replace('/', '_') + "_" + kind + ".json");
        if (!Files.isRegularFile(schemaFile)) {
            return List.of(id + "no schema for " + apiVersion + " " + kind + " (vendor it under " + schemaDir + ")");
        }
        return schemas.computeIfAbsent(schemaFile, this::load).validate(object).stream()
                .map(error -> id + error.toString()).toList();
    }

    private Schema load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
