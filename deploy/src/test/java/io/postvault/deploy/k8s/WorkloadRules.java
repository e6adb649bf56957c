package io.postvault.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The team's rules for every workload (Deployment, StatefulSet): each container has readiness and liveness probes
 * (PostVault's on SmallRye Health), CPU and memory requests and limits, and runs as non-root on a read-only root
 * filesystem without privilege escalation, with an emptyDir on /tmp where it has to write scratch files.
 */
final class WorkloadRules {

    static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

    private WorkloadRules() {
    }

    static boolean isWorkload(JsonNode object) {
        return WORKLOAD_KINDS.contains(object.path("kind").asText());
    }

    /** Each broken rule, prefixed with the workload and container. */
    static List<String> problems(JsonNode workload) {
        List<String> problems = new ArrayList<>();
        String workloadId = workload.path("kind").asText() + " " + workload.path("metadata").path("name").asText();
        JsonNode pod = workload.path("spec").path("template").path("spec");
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode containers = pod.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(workloadId + ": no containers");
        }
        for (JsonNode container : containers) {
            String id = workloadId + "/" + container.path("name").asText();
            boolean postvault = container.path("image").asText().contains("postvault/");
            checkProbe(problems, id, container, "readinessProbe", postvault ? "/q/health/ready" : null);
            checkProbe(problems, id, container, "livenessProbe", postvault ? "/q/health/live" : null);
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(bound).path(resource).asText().isEmpty()) {
                        problems.add(id + ": no " + resource + " " + bound);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            boolean nonRoot = security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false));
            long user = security.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(-1));
            if (!nonRoot || user == 0) {
                problems.add(id + ": may run as root (runAsNonRoot must be true, runAsUser not 0)");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(id + ": root filesystem is writable (readOnlyRootFilesystem must be true)");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(id + ": allowPrivilegeEscalation must be false");
            }
            if (postvault && !tmpIsEmptyDir(pod, container)) {
                problems.add(id + ": /tmp must be an emptyDir (the JVM and Vert.x write scratch files there)");
            }
        }
        return problems;
    }

    private static void checkProbe(List<String> problems, String id, JsonNode container, String probe, String path) {
        JsonNode node = container.path(probe);
        if (node.isMissingNode() || node.isNull() || node.isEmpty()) {
            problems.add(id + ": no " + probe);
        } else if (path != null && !path.equals(node.path("httpGet").path("path").asText())) {
            problems.add(id + ": " + probe + " must be GET " + path + ", not " + node);
        }
    }

    private static boolean tmpIsEmptyDir(JsonNode pod, JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume.has("emptyDir");
                    }
                }
            }
        }
        return false;
    }
}
