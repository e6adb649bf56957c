package io.postvault.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * S3Proxy on its filesystem backend as its own JVM; the buckets {@link #BUCKETS} exist from the
 * start (with the filesystem backend a bucket is a folder under the base directory).
 */
public final class S3ProxyServer implements StackComponent {

    public static final String NAME = "s3";
    public static final List<String> BUCKETS = List.of("postvault-blobs", "postvault-archive");
    private static final String MARKER = "s3proxy";

    private final StackLayout layout;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Duration timeout;

    public S3ProxyServer(StackLayout layout, int port, String accessKey, String secretKey, Duration timeout) {
        this.layout = layout;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private Path dir() {
        return layout.componentDir(NAME);
    }

    @Override
    public void start() {
        Processes.requirePortFree(port, "S3Proxy");
        Path jar = StackClasspath.s3proxy();
        Path log = layout.logFile(NAME);
        Path config = dir().resolve("s3proxy.conf");
        Path dataDir = dir().resolve("data");
        try {
            for (String bucket : BUCKETS) {
                Files.createDirectories(dataDir.resolve(bucket));
            }
            Properties props = new Properties();
            props.setProperty("s3proxy.endpoint", endpoint());
            props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            props.setProperty("s3proxy.identity", accessKey);
            props.setProperty("s3proxy.credential", secretKey);
            props.setProperty("jclouds.provider", "filesystem-nio2");
            props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
            try (Writer writer = Files.newBufferedWriter(config)) {
                props.store(writer, "PostVault local S3Proxy (written at every start)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir(), e);
        }
        List<String> command = List.of(Processes.javaExecutable(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-jar", jar.toString(), "--properties", config.toString());
        Process process = Processes.startDetached(command, dir(), Map.of("LOG_LEVEL", "info"), log,
                layout.pidFile(NAME));
        try {
            awaitReady(process, log);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void awaitReady(Process process, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException("S3Proxy exited (code " + process.exitValue() + ") during start-up"
                        + Processes.tailHint(log));
            }
            if (Processes.accepts(port)) {
                try {
                    // Any HTTP answer (403 for an anonymous request) means the server is up.
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    lastError = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while waiting for S3Proxy", e);
                }
            }
            Processes.sleep(200);
        }
        throw new StackException("S3Proxy did not answer on " + endpoint() + " within " + timeout.toSeconds()
                + " s (" + lastError + ")" + Processes.tailHint(log));
    }

    @Override
    public void stop() {
        Processes.stopFromPidFile(layout.pidFile(NAME), MARKER, Duration.ofSeconds(15));
    }

    @Override
    public Optional<Long> runningPid() {
        return Processes.fromPidFile(layout.pidFile(NAME), MARKER).map(ProcessHandle::pid);
    }
}
