package io.postvault.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postvault.deploy.stack.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceDefinitionTest {

    private static final ServiceDefinition PROTOCOL = ServiceDefinition.ALL.stream()
            .filter(s -> s.name().equals("protocol-service")).findFirst().orElseThrow();

    @Test
    void aServiceWithAnOptionsFileStartsWithIt(@TempDir Path checkout) throws Exception {
        assertEquals(List.of(), PROTOCOL.jvmOptions(checkout));
        Path options = checkout.resolve("protocol-service/src/main/jvm/jvm.options");
        Files.createDirectories(options.getParent());
        Files.writeString(options, "-XX:+UseG1GC\n");
        assertEquals(List.of("@" + options), PROTOCOL.jvmOptions(checkout));
    }

    /** The options file of this checkout is one the JVM accepts (a typo there would stop every deployment). */
    @Test
    void protocolServiceOptionsAreAcceptedByTheJvm() throws Exception {
        Path checkout = Path.of("").toAbsolutePath().getParent(); // tests run in the deploy module
        List<String> options = PROTOCOL.jvmOptions(checkout);
        assertEquals(1, options.size(), "protocol-service/src/main/jvm/jvm.options is missing");
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable()));
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), output);
    }
}
