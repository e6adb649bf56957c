package io.postvault.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The IMAP phase of the mail benchmark ({@code MailBench imap}), against one server:
 * <ol>
 * <li>seeding: every account's INBOX is filled up to {@code --seed} messages by APPEND (not timed);</li>
 * <li>the client mix, for each concurrency step (10, 100, ...) for {@code --duration} seconds: every client runs
 * sessions as a desktop or mobile client does at start-up — connect + LOGIN, LIST, STATUS, SELECT, FETCH of the headers
 * of the newest 50 messages, three times FETCH of a message body + STORE of a flag, APPEND, UID STORE \Deleted + UID
 * EXPUNGE of the appended message (so the folder stays the same size), IDLE for {@code --idle-ms}, LOGOUT — with the
 * latency of each command family, the sessions and commands per second, and the server's CPU per command;</li>
 * <li>idle connections: {@code --idle-connections} sessions logged in, INBOX selected and in IDLE, held for
 * {@code --settle} seconds (long enough for Dovecot to hibernate them); the server's PSS, after the same quiet time
 * before they are opened and while they are held, (and, with
 * {@code --jvm-pid}, its live heap after a full GC) before and after, then every connection ends its IDLE and must get
 * its tagged OK.</li>
 * </ol>
 * Client {@code i} uses account {@code i % accounts}. Any error ends the run without a result.
 */
final class ImapBench {

    /** Command families, in session order: the rows of the report. */
    static final List<String> FAMILIES = List.of("login", "list", "status", "select", "fetch-headers", "fetch-body",
            "store", "append", "expunge", "idle", "logout");
    private static final int HEADER_WINDOW = 50;
    private static final int BODIES_PER_SESSION = 3;
    private static final String HEADER_FIELDS =
            "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID CONTENT-TYPE)])";

    private final HostPort imap;
    private final List<String> users;
    private final String password;
    private final int seed;
    private final List<Integer> steps;
    /** The mix run unmeasured before the steps (at the largest step up to 100 clients): a JVM's JIT warms up. */
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int idleMillis;
    private final int idleConnections;
    private final int settleSeconds;
    private final long jvmPid;
    private final int timeoutMillis;
    private final Messages messages;
    private final String runId;
    private final String name;
    private final String out;
    private final CpuMeter server;
    /** The backing process trees (PostVault's PostgreSQL, Kafka, S3Proxy) by name; their CPU counts per command too. */
    private final Map<String, CpuMeter> backing = new LinkedHashMap<>();
    private final MemoryMeter serverMemory;
    private final long ticksPerSecond;

    private ImapBench(Map<String, String> o) {
        this.name = Options.required(o, "name");
        this.imap = HostPort.parse(Options.required(o, "imap"));
        this.users = List.of(Options.required(o, "users").split(","));
        this.password = Options.required(o, "password");
        this.seed = Options.number(o, "seed", 200);
        this.steps = new ArrayList<>();
        for (String step : o.getOrDefault("steps", "10,100").split(",")) {
            steps.add(Integer.parseInt(step.trim()));
        }
        this.durationSeconds = Options.number(o, "duration", 20);
        this.warmupSeconds = Options.number(o, "warmup", 0);
        this.idleMillis = Options.number(o, "idle-ms", 500);
        this.idleConnections = Options.number(o, "idle-connections", 1000);
        this.settleSeconds = Options.number(o, "settle", 15);
        this.jvmPid = Options.number(o, "jvm-pid", 0);
        this.timeoutMillis = Options.number(o, "timeout-ms", 120_000);
        this.messages = new Messages(Options.number(o, "size", 10240), "bench-sender@bench.invalid");
        this.runId = name + "-imap-" + System.currentTimeMillis();
        this.out = Options.required(o, "out");
        this.ticksPerSecond = Options.number(o, "clk-tck", 100);
        List<Long> pids = CpuMeter.parsePids(o.get("server-pids"));
        this.server = new CpuMeter(pids, ticksPerSecond);
        this.serverMemory = new MemoryMeter(pids);
        Options.parseNamedPids(o.get("backing-pids"))
                .forEach((backingName, pid) -> backing.put(backingName, new CpuMeter(List.of(pid), ticksPerSecond)));
        if (seed < HEADER_WINDOW) {
            throw new IllegalArgumentException("--seed must be at least " + HEADER_WINDOW);
        }
    }

    static void main(List<String> args) throws Exception {
        new ImapBench(Options.pairs(args)).run();
    }

    private void run() throws Exception {
        Properties result = new Properties();
        result.setProperty("kind", "imap");
        result.setProperty("name", name);
        result.setProperty("accounts", Integer.toString(users.size()));
        result.setProperty("seed", Integer.toString(seed));
        result.setProperty("message-size", Integer.toString(messages.message(runId, 0, 0, users.get(0)).length));
        result.setProperty("duration", Integer.toString(durationSeconds));
        result.setProperty("idle-ms", Integer.toString(idleMillis));
        result.setProperty("steps", String.join(",", steps.stream().map(String::valueOf).toList()));
        result.setProperty("warmup", Integer.toString(warmupSeconds));

        log("seeding %d accounts up to %d messages each", users.size(), seed);
        seedAccounts();
        if (warmupSeconds > 0) {
            int clients = steps.stream().filter(s -> s <= 100).max(Integer::compare).orElse(10);
            log("warm-up: %d clients for %d s, not measured", clients, warmupSeconds);
            mix(clients, warmupSeconds, new Properties());
        }
        for (int clients : steps) {
            log("mix: %d clients for %d s", clients, durationSeconds);
            mix(clients, durationSeconds, result);
        }
        log("idle: %d connections in IDLE", idleConnections);
        idle(result);
        try (Writer writer = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
            result.store(writer, "IMAP benchmark result of " + name);
        }
    }

    private Map<String, Long> backingCpu() {
        Map<String, Long> millis = new LinkedHashMap<>();
        backing.forEach((backingName, meter) -> millis.put(backingName, meter.cpuMillis()));
        return millis;
    }

    private void seedAccounts() throws Exception {
        parallel(users.size(), account -> {
            String user = users.get(account);
            try (ImapClient client = ImapClient.connect(imap, timeoutMillis)) {
                client.login(user, password);
                client.command("SELECT INBOX");
                for (int i = client.exists(); i < seed; i++) {
                    client.append("INBOX", messages.message(runId, account, i, user));
                }
                client.logout();
            }
        });
    }

    private void mix(int clients, int durationSeconds, Properties result) throws Exception {
        Map<String, Latencies> all = new LinkedHashMap<>();
        FAMILIES.forEach(f -> all.put(f, new Latencies()));
        AtomicLong sessions = new AtomicLong();
        AtomicLong commands = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        long serverBefore = server.cpuMillis();
        Map<String, Long> backingBefore = backingCpu();
        long clientBefore = CpuMeter.selfCpuMillis(ticksPerSecond);
        long start = System.nanoTime();
        parallel(clients, client -> {
            SplittableRandom random = new SplittableRandom(31L * clients + client);
            Map<String, Latencies> mine = new LinkedHashMap<>();
            FAMILIES.forEach(f -> mine.put(f, new Latencies()));
            long sequence = 0;
            while (System.nanoTime() < deadline) {
                commands.addAndGet(session(client, sequence++, random, mine));
                sessions.incrementAndGet();
            }
            synchronized (all) {
                mine.forEach((f, l) -> all.get(f).addAll(l));
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String p = "mix." + clients + ".";
        result.setProperty(p + "seconds", Double.toString(seconds));
        result.setProperty(p + "sessions", Long.toString(sessions.get()));
        result.setProperty(p + "commands", Long.toString(commands.get()));
        result.setProperty(p + "server-cpu-ms", Long.toString(server.cpuMillis() - serverBefore));
        backingCpu().forEach((backingName, after) -> result.setProperty(p + "backing." + backingName + ".cpu-ms",
                Long.toString(after - backingBefore.get(backingName))));
        result.setProperty(p + "client-cpu-ms", Long.toString(CpuMeter.selfCpuMillis(ticksPerSecond) - clientBefore));
        all.forEach((family, l) -> {
            result.setProperty(p + family + ".count", Integer.toString(l.count()));
            result.setProperty(p + family + ".p50-ms", Double.toString(l.percentileMillis(50)));
            result.setProperty(p + family + ".p99-ms", Double.toString(l.percentileMillis(99)));
        });
        log("%s mix %d clients: %d sessions (%d commands) in %.1f s = %.1f commands/s", name, clients,
                sessions.get(), commands.get(), seconds, commands.get() / seconds);
    }

    /** One client session; returns the number of commands sent. */
    private int session(int client, long sequence, SplittableRandom random, Map<String, Latencies> latency)
            throws IOException {
        int account = client % users.size();
        String user = users.get(account);
        long t = System.nanoTime();
        try (ImapClient imap = ImapClient.connect(this.imap, timeoutMillis)) {
            imap.login(user, password);
            t = record(latency, "login", t);
            imap.command("LIST \"\" \"*\"");
            t = record(latency, "list", t);
            imap.command("STATUS INBOX (MESSAGES UIDNEXT UNSEEN)");
            t = record(latency, "status", t);
            imap.command("SELECT INBOX");
            int exists = imap.exists();
            if (exists < seed) {
                throw new BenchException("IMAP SELECT " + user + ": " + exists + " messages, expected at least "
                        + seed);
            }
            t = record(latency, "select", t);
            imap.command("FETCH " + (exists - HEADER_WINDOW + 1) + ":" + exists + " " + HEADER_FIELDS);
            t = record(latency, "fetch-headers", t);
            for (int i = 0; i < BODIES_PER_SESSION; i++) {
                // Only the seeded messages (sequence numbers 1..seed) are never expunged by other sessions.
                int message = 1 + random.nextInt(seed);
                imap.command("FETCH " + message + " (BODY.PEEK[])");
                t = record(latency, "fetch-body", t);
                imap.command("STORE " + message + (random.nextBoolean() ? " +" : " -") + "FLAGS (\\Flagged)");
                t = record(latency, "store", t);
            }
            long uid = imap.append("INBOX", messages.message(runId, 1000 + client, sequence, user));
            t = record(latency, "append", t);
            imap.command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
            imap.command("UID EXPUNGE " + uid);
            t = record(latency, "expunge", t);
            String idle = imap.startIdle();
            long idleStarted = System.nanoTime() - t;
            sleep(idleMillis);
            t = System.nanoTime();
            imap.done(idle);
            latency.get("idle").record(idleStarted + System.nanoTime() - t);
            t = System.nanoTime();
            imap.logout();
            record(latency, "logout", t);
        }
        return 11 + 2 * BODIES_PER_SESSION;
    }

    private void idle(Properties result) throws Exception {
        // The baseline after the same quiet time as the measurement: Dovecot's pooled imap processes of the mix end
        // (idle_kill) and would otherwise count in the baseline.
        log("quiet for %d s before the baseline", settleSeconds);
        sleep(settleSeconds * 1000L);
        long heapBefore = JvmHeap.liveKib(jvmPid);
        MemoryMeter.Reading before = serverMemory.read();
        List<ImapClient> open = Collections.synchronizedList(new ArrayList<>());
        List<Map.Entry<ImapClient, String>> idling = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try {
            int openers = Math.min(32, idleConnections);
            parallel(openers, opener -> {
                for (int i = opener; i < idleConnections; i += openers) {
                    ImapClient client = ImapClient.connect(imap, timeoutMillis);
                    open.add(client);
                    client.login(users.get(i % users.size()), password);
                    client.command("SELECT INBOX");
                    idling.add(Map.entry(client, client.startIdle()));
                }
            });
            double openSeconds = (System.nanoTime() - start) / 1e9;
            log("%d connections in IDLE after %.1f s; settling %d s", open.size(), openSeconds, settleSeconds);
            sleep(settleSeconds * 1000);
            long heapAfter = JvmHeap.liveKib(jvmPid); // the full GC first, as before the connections were opened
            MemoryMeter.Reading after = serverMemory.read();
            result.setProperty("idle.connections", Integer.toString(idling.size()));
            result.setProperty("idle.open-seconds", Double.toString(openSeconds));
            result.setProperty("idle.settle-seconds", Integer.toString(settleSeconds));
            result.setProperty("idle.pss-before-kib", Long.toString(before.kib()));
            result.setProperty("idle.pss-after-kib", Long.toString(after.kib()));
            result.setProperty("idle.processes-before", Integer.toString(before.processes()));
            result.setProperty("idle.processes-after", Integer.toString(after.processes()));
            if (heapBefore >= 0 && heapAfter >= 0) {
                result.setProperty("idle.heap-before-kib", Long.toString(heapBefore));
                result.setProperty("idle.heap-after-kib", Long.toString(heapAfter));
            }
            log("%s idle: PSS %d -> %d KiB (%.1f KiB per connection), processes %d -> %d, live heap %d -> %d KiB",
                    name, before.kib(), after.kib(), (after.kib() - before.kib()) / (double) idling.size(),
                    before.processes(), after.processes(), heapBefore, heapAfter);
            // Every connection must still be alive and in IDLE: DONE gets the IDLE's tagged OK.
            for (Map.Entry<ImapClient, String> entry : idling) {
                entry.getKey().done(entry.getValue());
            }
        } finally {
            for (ImapClient client : open) {
                try {
                    client.close();
                } catch (IOException e) {
                    // closing after the measurement: nothing left to check
                }
            }
        }
    }

    private interface Work {
        void run(int index) throws Exception;
    }

    /** Runs {@code work(0..n-1)} on n threads and rethrows the first failure. */
    private static void parallel(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    work.run(index);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long record(Map<String, Latencies> latency, String family, long since) {
        long now = System.nanoTime();
        latency.get(family).record(now - since);
        return now;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }
}
