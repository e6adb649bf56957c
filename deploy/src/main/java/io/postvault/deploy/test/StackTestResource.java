package io.postvault.deploy.test;

import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.StackException;
import io.postvault.deploy.stack.StackOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real PostgreSQL, Kafka and S3 for {@code @QuarkusTest}s: {@code @QuarkusTestResource(StackTestResource.class)}
 * or {@code @WithTestResource(StackTestResource.class)}.
 *
 * <p>One stack per test JVM, whatever the number of test classes and profiles: random free ports,
 * state in a fresh folder under {@code java.io.tmpdir}; stopped and deleted when the JVM exits (a
 * shutdown hook, plus a small watchdog process that does the same if the JVM is killed).
 * Components overridden by {@code POSTVAULT_*} environment variables are not started.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String SHARED = "postvault-test-stack.";
    private static final String JVM_WIDE_LOCK = "postvault-test-stack.lock";
    private static LocalStack stack;
    private static RuntimeException failure;
    private static Process watchdog;

    @Override
    public Map<String, String> start() {
        return endpoints().asConfig();
    }

    @Override
    public void stop() {
        // The stack lives as long as the test JVM: later test classes and profiles reuse it.
    }

    /**
     * The endpoints of the test JVM's stack, started on first use. Quarkus may load this class
     * once per application class loader; the endpoints are therefore published in JVM-wide system
     * properties ({@code postvault-test-stack.*}, a name Quarkus config does not read) so that every
     * copy of the class shares the one stack.
     */
    public static StackEndpoints endpoints() {
        // A JVM-wide lock shared by every copy of this class: string literals are interned once per JVM,
        // whatever the class loader. Never lock System.getProperties() itself (the JDK takes that monitor
        // inside other locks, such as TimeZone's: deadlock), and never put a non-String value into it
        // (System.getProperty then returns null for a listed name, which breaks Narayana's start-up).
        synchronized (JVM_WIDE_LOCK) {
            if (System.getProperty(SHARED + StackEndpoints.DB_URL) == null) {
                stack().endpoints().asConfig().forEach((key, value) -> System.setProperty(SHARED + key, value));
            }
            return new StackEndpoints(shared(StackEndpoints.DB_URL), shared(StackEndpoints.DB_USERNAME),
                    shared(StackEndpoints.DB_PASSWORD), shared(StackEndpoints.KAFKA_BOOTSTRAP),
                    shared(StackEndpoints.S3_ENDPOINT), shared(StackEndpoints.S3_ACCESS_KEY),
                    shared(StackEndpoints.S3_SECRET_KEY));
        }
    }

    private static String shared(String key) {
        return System.getProperty(SHARED + key, "");
    }

    /**
     * The stack started by this copy of the class (see {@link #endpoints()}), started on first use;
     * for tests that need its processes or folder. Services' tests use {@link #endpoints()}.
     */
    public static synchronized LocalStack stack() {
        if (failure != null) {
            throw new StackException("the test stack failed to start earlier in this JVM: " + failure.getMessage(),
                    failure);
        }
        if (stack == null) {
            Path base;
            try {
                base = Files.createTempDirectory("postvault-stack-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Processes.makeTraversable(base);
            StackOptions options = StackOptions.randomPorts(base);
            // The watchdog first: it also cleans up after a start that hangs or a JVM killed mid-start.
            watchdog = startWatchdog(base);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (watchdog != null) {
                    watchdog.destroy();
                }
                LocalStack current = stack;
                if (current != null) {
                    current.close();
                } else {
                    LocalStack.stopAll(options.managedComponents());
                }
                Processes.deleteTree(base);
            }, "postvault-stack-stop"));
            try {
                stack = LocalStack.start(options);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return stack;
    }

    /**
     * A process that waits for this JVM to end and then kills the stack's processes (from the pid
     * files, read at that moment) and deletes its folder: the clean-up when the JVM dies without
     * running its shutdown hooks (kill -9, a surefire timeout).
     */
    private static Process startWatchdog(Path base) {
        String dir = "'" + base.toString().replace("'", "'\\''") + "'";
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "pids=\"$(cat " + dir + "/run/*.pid 2>/dev/null) $(head -n 1 " + dir
                + "/postgres/data/postmaster.pid 2>/dev/null)\"; "
                + "if [ -n \"${pids// /}\" ]; then kill -TERM $pids 2>/dev/null; sleep 10; kill -KILL $pids 2>/dev/null; fi; "
                + "rm -rf " + dir;
        try {
            return new ProcessBuilder("setsid", "bash", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return null; // the shutdown hook still cleans up
        }
    }

    /** For tests of this class: the processes of the JVM's stack. */
    static List<Long> pids() {
        return stack == null ? List.of() : stack.pids();
    }
}
