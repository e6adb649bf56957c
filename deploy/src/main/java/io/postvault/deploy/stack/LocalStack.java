package io.postvault.deploy.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The real infrastructure of PostVault — PostgreSQL, a KRaft Kafka broker, S3Proxy — started as
 * child processes (in parallel) and stopped by {@link #close()}. Components overridden by the
 * environment (see {@link StackOptions}) are not started; their external servers are used.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(StackOptions.randomPorts(dir))) {
 *     Map<String, String> config = stack.endpoints().asConfig();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());

    private final StackOptions options;
    private final List<StackComponent> started;
    private final long startMillis;
    private volatile boolean closed;

    private LocalStack(StackOptions options, List<StackComponent> started, long startMillis) {
        this.options = options;
        this.started = started;
        this.startMillis = startMillis;
    }

    /** Starts every component not overridden by the environment and waits until each really serves. */
    public static LocalStack start(StackOptions options) {
        long begin = System.nanoTime();
        options.layout().createDirectories();
        List<StackComponent> components = options.managedComponents();
        List<StackComponent> started = startAll(components);
        if (options.externalKafka()) {
            KafkaBroker.createTopics(options.endpoints().kafkaBootstrap());
        }
        long millis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info(() -> "PostVault stack started in " + millis + " ms under " + options.layout().base() + ": "
                + options.endpoints().asConfig());
        return new LocalStack(options, started, millis);
    }

    /** Starts these components in parallel; if one fails, stops those that started and rethrows. */
    public static List<StackComponent> startAll(List<StackComponent> components) {
        if (components.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(components.size(), runnable -> {
            Thread thread = new Thread(runnable, "postvault-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (StackComponent component : components) {
                futures.add(pool.submit(component::start));
            }
            List<StackComponent> started = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int i = 0; i < components.size(); i++) {
                try {
                    futures.get(i).get();
                    started.add(components.get(i));
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                stopAll(started);
                Throwable first = failures.get(0);
                StackException error = first instanceof StackException se
                        ? new StackException(se.getMessage(), se)
                        : new StackException("cannot start the stack: " + first, first);
                failures.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
            return started;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stops components in reverse order, logging (not throwing) failures. */
    public static void stopAll(List<StackComponent> components) {
        List<StackComponent> reversed = new ArrayList<>(components);
        Collections.reverse(reversed);
        for (StackComponent component : reversed) {
            try {
                component.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot stop " + component.name(), e);
            }
        }
    }

    public StackEndpoints endpoints() {
        return options.endpoints();
    }

    public StackOptions options() {
        return options;
    }

    /** The components this stack started (and {@link #close()} stops). */
    public List<StackComponent> components() {
        return List.copyOf(started);
    }

    /** The pids of the processes this stack started. */
    public List<Long> pids() {
        return started.stream().flatMap(c -> c.runningPid().stream()).collect(Collectors.toList());
    }

    public Path baseDir() {
        return options.layout().base();
    }

    /** How long {@link #start} took, in milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** Stops what this stack started (data stays). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(started);
    }
}
