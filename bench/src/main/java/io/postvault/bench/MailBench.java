package io.postvault.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mail benchmark's load generator. {@code run} drives one server: LMTP deliveries from parallel clients (warm-up,
 * then a timed phase with a fixed count), then POP3 sessions that RETR and DELE every delivered message (warm-up, then
 * timed), measuring throughput, latency and the CPU time of the server's process trees; it writes a properties file.
 * {@code report} turns two such files (PostVault first, the peer second) into a Markdown section with ratios.
 */
public final class MailBench {

    private interface ClientWork {
        void run(int client, Latencies latencies, AtomicLong sessions, AtomicLong octets) throws Exception;
    }

    private final Options options;
    private final Messages messages;
    private final String runId;
    private final int[] recipientOf;
    private final int[] delivered;
    private final CpuMeter server;
    private final Map<String, CpuMeter> backing = new LinkedHashMap<>();

    private MailBench(Options options) {
        this.options = options;
        this.messages = new Messages(options.messageSize(), "bench-sender@bench.invalid");
        this.runId = options.name() + "-" + System.currentTimeMillis();
        // Every delivery goes to an account drawn at random (seeded: the same sequence against every server).
        SplittableRandom random = new SplittableRandom(options.seed());
        this.recipientOf = new int[options.lmtpWarmup() + options.lmtpMessages()];
        for (int i = 0; i < recipientOf.length; i++) {
            recipientOf[i] = random.nextInt(options.users().size());
        }
        this.delivered = new int[options.users().size()];
        this.server = new CpuMeter(options.serverPids(), options.ticksPerSecond());
        options.backingPids().forEach((name, pid) -> backing.put(name, new CpuMeter(List.of(pid),
                options.ticksPerSecond())));
    }

    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("run")) {
                new MailBench(Options.parse(Arrays.asList(args).subList(1, args.length))).run();
            } else if (args.length > 0 && args[0].equals("imap")) {
                ImapBench.main(Arrays.asList(args).subList(1, args.length));
            } else if (args.length > 0 && args[0].equals("bigfolder")) {
                BigFolderBench.main(Arrays.asList(args).subList(1, args.length));
            } else if (args.length > 0 && args[0].equals("profile")) {
                JfrPhases.main(Arrays.asList(args).subList(1, args.length));
            } else if (args.length > 0 && args[0].equals("report")) {
                Report.main(Arrays.asList(args).subList(1, args.length));
            } else {
                System.err.println("usage: MailBench run --name N --lmtp HOST:PORT --pop3 HOST:PORT --users a@d,b@d,...\n"
                        + "         --password PW --out FILE [--clients 4] [--size 10240] [--lmtp-warmup 3000]\n"
                        + "         [--lmtp-messages 2000] [--pop3-warmup 100] [--pop3-batch 50] [--pop3-window 16]\n"
                        + "         [--server-pids P,...] [--backing-pids NAME=P,...] [--clk-tck 100] [--seed S]\n"
                        + "       MailBench imap --name N --imap HOST:PORT --users a@d,... --password PW --out FILE\n"
                        + "         [--steps 10,100] [--duration 20] [--seed 200] [--size 10240] [--idle-ms 500]\n"
                        + "         [--idle-connections 1000] [--settle 15] [--server-pids P,...] [--jvm-pid P]\n"
                        + "       MailBench bigfolder --mode prepare|measure --name N --imap HOST:PORT --user U\n"
                        + "         --password PW [--folder Big] [--messages 100000] [--templates 10] [--maildir DIR]\n"
                        + "         [--holders 10] [--server-pids P,...] [--jvm-pid P] --out FILE (measure)\n"
                        + "       MailBench report --machine FILE --params TEXT POSTVAULT.properties PEER.properties\n"
                        + "       MailBench profile RECORDING.jfr     (where a server JVM spent its CPU samples)");
                System.exit(2);
            }
        } catch (BenchException | IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void run() throws Exception {
        log("LMTP warm-up: %d deliveries", options.lmtpWarmup());
        lmtp("lmtp-warmup", 0, options.lmtpWarmup());
        log("LMTP timed: %d deliveries from %d clients", options.lmtpMessages(), options.clients());
        PhaseResult lmtp = lmtp("lmtp", options.lmtpWarmup(), options.lmtpMessages());
        report(lmtp);

        int warmupPerClient = options.pop3Warmup() / options.clients();
        log("POP3 warm-up: %d messages per client", warmupPerClient);
        int[] remaining = delivered.clone();
        pop3("pop3-warmup", remaining, warmupPerClient, warmupPerClient);
        int timedTotal = Arrays.stream(remaining).sum();
        log("POP3 timed: %d messages in sessions of up to %d", timedTotal, options.pop3Batch());
        PhaseResult pop3 = pop3("pop3", remaining, Integer.MAX_VALUE, options.pop3Batch());
        report(pop3);

        Properties out = new Properties();
        out.setProperty("name", options.name());
        out.setProperty("clients", Integer.toString(options.clients()));
        out.setProperty("message-size", Integer.toString(options.messageSize()));
        out.setProperty("lmtp-warmup", Integer.toString(options.lmtpWarmup()));
        out.setProperty("pop3-warmup", Integer.toString(warmupPerClient * options.clients()));
        out.setProperty("pop3-batch", Integer.toString(options.pop3Batch()));
        out.setProperty("pop3-window", Integer.toString(options.pop3Window()));
        out.setProperty("accounts", Integer.toString(options.users().size()));
        lmtp.store(out);
        pop3.store(out);
        try (Writer writer = Files.newBufferedWriter(Path.of(options.out()))) {
            out.store(writer, "mail benchmark result of " + options.name());
        }
    }

    /** Deliveries {@code from .. from+count-1}; delivery i goes out on client {@code i % clients}. */
    private PhaseResult lmtp(String phase, int from, int count) throws Exception {
        List<LmtpClient> connections = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            connections.add(LmtpClient.connect(options.lmtp(), "bench.invalid", options.timeoutMillis()));
        }
        try {
            PhaseResult result = timed(phase, (client, latencies, sessions, octets) -> {
                LmtpClient lmtp = connections.get(client);
                for (int i = from + client; i < from + count; i += options.clients()) {
                    String recipient = options.users().get(recipientOf[i]);
                    byte[] body = messages.message(runId, client, i, recipient);
                    long start = System.nanoTime();
                    lmtp.deliver(messages.sender(), recipient, body);
                    latencies.record(System.nanoTime() - start);
                    octets.addAndGet(body.length);
                }
            }, count);
            for (int i = from; i < from + count; i++) {
                delivered[recipientOf[i]]++;
            }
            return result;
        } finally {
            for (LmtpClient connection : connections) {
                try (connection) {
                    connection.quit();
                } catch (IOException | BenchException e) {
                    // a failed delivery already ended the phase; its error is the one reported
                }
            }
        }
    }

    /**
     * Client c logs in as account c and retrieves and deletes up to {@code limit} messages, in sessions of up to
     * {@code batch} messages each ending in QUIT. Every session checks that STAT shows exactly the messages left.
     */
    private PhaseResult pop3(String phase, int[] remaining, int limit, int batch) throws Exception {
        int total = 0;
        int[] planned = new int[remaining.length];
        for (int c = 0; c < remaining.length; c++) {
            planned[c] = Math.min(limit, remaining[c]);
            total += planned[c];
        }
        return timed(phase, (client, latencies, sessions, octets) -> {
            String user = options.users().get(client);
            int todo = planned[client];
            while (todo > 0) {
                long start = System.nanoTime();
                try (Pop3Client pop3 = Pop3Client.login(options.pop3(), user, options.password(),
                        options.timeoutMillis())) {
                    int count = pop3.stat();
                    if (count != remaining[client]) {
                        throw new BenchException("POP3 " + user + ": STAT shows " + count + " messages, expected "
                                + remaining[client]);
                    }
                    int take = Math.min(batch, todo);
                    octets.addAndGet(pop3.retrieveAndDelete(take, options.pop3Window()));
                    pop3.quit();
                    remaining[client] -= take;
                    todo -= take;
                }
                latencies.record(System.nanoTime() - start);
                sessions.incrementAndGet();
            }
        }, total);
    }

    private PhaseResult timed(String phase, ClientWork work, long operations) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        CountDownLatch go = new CountDownLatch(1);
        Latencies all = new Latencies();
        AtomicLong sessions = new AtomicLong();
        AtomicLong octets = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            int client = c;
            done.add(pool.submit(() -> {
                Latencies mine = new Latencies();
                go.await();
                work.run(client, mine, sessions, octets);
                all.addAll(mine);
                return null;
            }));
        }
        long serverBefore = server.cpuMillis();
        Map<String, Long> backingBefore = backingCpu();
        long clientBefore = CpuMeter.selfCpuMillis(options.ticksPerSecond());
        long startEpoch = System.currentTimeMillis();
        long start = System.nanoTime();
        go.countDown();
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long serverAfter = server.cpuMillis();
        Map<String, Long> backingUsed = backingCpu();
        backingUsed.replaceAll((name, after) -> after - backingBefore.get(name));
        return new PhaseResult(phase, operations, sessions.get(), octets.get(), seconds, all.percentileMillis(50),
                all.percentileMillis(90), all.percentileMillis(99), all.percentileMillis(100),
                serverAfter - serverBefore, backingUsed,
                CpuMeter.selfCpuMillis(options.ticksPerSecond()) - clientBefore, startEpoch,
                System.currentTimeMillis());
    }

    private Map<String, Long> backingCpu() {
        Map<String, Long> millis = new LinkedHashMap<>();
        backing.forEach((name, meter) -> millis.put(name, meter.cpuMillis()));
        return millis;
    }

    private void report(PhaseResult r) {
        log("%s %s: %d ops in %.2f s = %.1f/s; latency p50 %.1f ms p99 %.1f ms; CPU ms/op server %.2f, "
                + "server+backing %.2f, client %.2f", options.name(), r.phase(), r.operations(), r.seconds(),
                r.perSecond(), r.p50Millis(), r.p99Millis(), r.serverCpuPerOp(), r.systemCpuPerOp(),
                r.clientCpuMillis() / (double) r.operations());
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return p;
    }
}
