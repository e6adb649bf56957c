package io.postvault.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization as the operator does, with {@code kubectl kustomize} (kubectl 1.20 of Debian's
 * kubernetes-client carries kustomize v2, newer kubectl v5; the manifests are written for both), and reads the
 * objects it prints.
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** The rendered objects; fails with kubectl's message when the kustomization does not render. */
    static List<JsonNode> render(Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl().toString(), "kustomize", directory.toString()).start();
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed (exit " + process.exitValue()
                    + "): " + new String(errors.join(), StandardCharsets.UTF_8).strip());
        }
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(output)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    /** kubectl from KUBECTL or the PATH; its absence is an error, not a skipped test (.ci/run installs it). */
    static Path kubectl() {
        Optional<Path> configured = Optional.ofNullable(System.getenv("KUBECTL")).map(Path::of);
        return configured.or(() -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst())
                .orElseThrow(() -> new IllegalStateException(
                        "kubectl not found: install Debian's kubernetes-client (apt-get install kubernetes-client)"));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("(stderr unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
        }
    }
}
