package io.postvault.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A quick profile of a server JVM from a Java Flight Recorder file: each CPU sample ({@code jdk.ExecutionSample}) is
 * put in the first category that one of its frames matches, innermost frame first, so a socket read under the JDBC
 * driver counts as PostgreSQL and one under the MinIO client as S3. GC and JIT threads are not sampled; GC pause time
 * is summed separately, and so is the time threads spent blocked in socket reads and writes (by the same categories).
 */
final class JfrPhases {

    private record Category(String name, List<String> prefixes) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("Argon2id password check", List.of("com.password4j.")),
            new Category("SHA-256 of the blob", List.of("sun.security.provider.", "java.security.MessageDigest")),
            new Category("S3 client (blob put/get: MinIO, OkHttp)",
                    List.of("io.postvault.protocol.store.s3.", "io.minio.", "okhttp3.", "okio.")),
            new Category("MIME parse (Mime4j)", List.of("io.postvault.protocol.mime.", "org.apache.james.mime4j.")),
            new Category("JSON (Jackson)", List.of("com.fasterxml.jackson.")),
            new Category("PostgreSQL (JDBC, pool, transactions)", List.of("org.postgresql.", "io.agroal.",
                    "io.postvault.protocol.store.pg.", "com.arjuna.", "io.narayana.", "io.quarkus.narayana.")),
            new Category("Kafka (outbox relay, producer)", List.of("org.apache.kafka.", "io.postvault.protocol.outbox.")),
            new Category("LMTP/POP3 sessions and framing", List.of("io.postvault.protocol.lmtp.",
                    "io.postvault.protocol.pop3.", "io.postvault.protocol.net.")),
            new Category("IMAP sessions, commands and framing", List.of("io.postvault.protocol.imap.")),
            new Category("Vert.x / Netty I/O", List.of("io.netty.", "io.vertx.")),
            new Category("file I/O (spool)", List.of("sun.nio.ch.FileChannelImpl", "java.io.File", "sun.nio.fs.")));

    private JfrPhases() {
    }

    /**
     * {@code profile RECORDING.jfr [RESULT.properties]}: the whole recording, or with a result file of {@code run} one
     * table per timed phase (samples inside that phase's time window only).
     */
    static void main(List<String> args) throws IOException {
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("profile needs a .jfr file and optionally a result file");
        }
        Path recording = Path.of(args.get(0));
        if (args.size() == 1) {
            System.out.println("whole recording:");
            print(recording, Instant.MIN, Instant.MAX);
            return;
        }
        Properties result = MailBench.read(Path.of(args.get(1)));
        for (String phase : List.of("lmtp", "pop3")) {
            PhaseResult r = PhaseResult.load(result, phase);
            System.out.println(phase + " timed phase (" + r.operations() + " operations):");
            print(recording, Instant.ofEpochMilli(r.startEpochMillis()), Instant.ofEpochMilli(r.endEpochMillis()));
        }
    }

    private static void print(Path file, Instant from, Instant to) throws IOException {
        Map<String, Long> samples = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> samples.put(c.name(), 0L));
        samples.put("other", 0L);
        long total = 0;
        Duration gcPauses = Duration.ZERO;
        Map<String, Duration> blocked = new LinkedHashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples.merge(categorize(event.getStackTrace().getFrames()), 1L, Long::sum);
                    total++;
                } else if ((type.equals("jdk.SocketRead") || type.equals("jdk.SocketWrite"))
                        && event.getStackTrace() != null) {
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    blocked.merge(categorize(frames) + " — in " + caller(frames), event.getDuration(), Duration::plus);
                } else if (type.equals("jdk.GCPhasePause")) {
                    gcPauses = gcPauses.plus(event.getDuration());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d CPU samples of Java threads (GC pauses in total: %d ms)%n", total,
                gcPauses.toMillis());
        long all = Math.max(total, 1);
        samples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", e.getKey(),
                        100.0 * e.getValue() / all));
        System.out.println("time threads spent blocked in socket reads/writes (blocking sockets only, over the"
                + " recording threshold; Netty and Kafka use NIO and do not appear):");
        blocked.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .limit(10).forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f s |%n", e.getKey(),
                        e.getValue().toMillis() / 1000.0));
    }

    /** The innermost PostVault method on the stack (which step of a delivery or session waited). */
    static String caller(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() != null && frame.getMethod().getType() != null
                    && frame.getMethod().getType().getName().startsWith("io.postvault.")) {
                String type = frame.getMethod().getType().getName();
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "?";
    }

    static String categorize(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                continue;
            }
            String where = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (Category category : CATEGORIES) {
                for (String prefix : category.prefixes()) {
                    if (where.startsWith(prefix)) {
                        return category.name();
                    }
                }
            }
        }
        return "other";
    }
}
