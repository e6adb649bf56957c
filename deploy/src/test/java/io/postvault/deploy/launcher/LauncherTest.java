package io.postvault.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** up, a second up, status, down — on random ports, with two fake services standing in for Quarkus apps. */
class LauncherTest {

    @Test
    void upStatusDown() throws Exception {
        Path tmp = Files.createTempDirectory("postvault-launcher-test-");
        Processes.makeTraversable(tmp);
        try {
            Path checkout = tmp.resolve("checkout");
            int[] ports = Processes.freePorts(2);
            List<ServiceDefinition> services = List.of(
                    new ServiceDefinition("alpha-service", "alpha-service", ports[0], Map.of()),
                    new ServiceDefinition("beta-service", "beta-service", ports[1], Map.of()),
                    new ServiceDefinition("unbuilt-service", "unbuilt-service", Processes.freePorts(1)[0], Map.of()));
            for (ServiceDefinition service : services.subList(0, 2)) {
                writeFakeRunJar(service.runJar(checkout));
            }
            StackOptions options = StackOptions.randomPorts(tmp.resolve("var")).withEnv(Map.of());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Launcher launcher = new Launcher(checkout, options, services, new PrintStream(tee(bytes), true));

            assertEquals(0, launcher.up(false));
            String up = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(up.contains("alpha-service UP"), up);
            assertTrue(up.contains("beta-service UP"), up);
            assertTrue(up.contains("not built (no quarkus-run.jar): unbuilt-service"), up);
            assertTrue(up.contains("up took"), up);
            Path tokenFile = options.layout().base().resolve("admin-token");
            String token = Files.readString(tokenFile).strip();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));

            // The services got the stack's addresses and the admin token.
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(services.get(0).readinessUrl())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(options.endpoints().jdbcUrl(), options.endpoints().kafkaBootstrap(),
                    options.endpoints().s3Endpoint(), token), health.body().lines().toList());

            bytes.reset();
            assertEquals(0, launcher.up(false));
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("already running"), bytes.toString());

            bytes.reset();
            launcher.status();
            String status = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(status.matches("(?s).*alpha-service\\s+running\\s+\\d+\\s+" + ports[0] + "\\s+UP.*"), status);
            assertTrue(status.matches("(?s).*kafka\\s+running.*"), status);
            assertTrue(status.matches("(?s).*unbuilt-service\\s+not built.*"), status);

            List<Long> pids = new ArrayList<>();
            for (String name : List.of("postgres", "kafka", "s3", "alpha-service", "beta-service")) {
                pids.add(Long.parseLong(Files.readString(options.layout().pidFile(name)).strip()));
            }
            assertEquals(0, launcher.down());
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
            }
            bytes.reset();
            launcher.status();
            assertTrue(bytes.toString(StandardCharsets.UTF_8).matches("(?s).*alpha-service\\s+stopped.*"), bytes.toString());
        } finally {
            Processes.deleteTree(tmp);
        }
    }

    /** A runnable jar whose manifest points at this module's test classes, main class FakeService. */
    private static void writeFakeRunJar(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Path testClasses = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
    }

    private static OutputStream tee(ByteArrayOutputStream captured) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                System.out.write(b);
            }
        };
    }
}
