package io.postvault.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A large folder ({@code MailBench bigfolder}), against one server. {@code --mode prepare} creates the folder and puts
 * {@code --templates} messages into it by APPEND, or (Dovecot, with {@code --maildir}) writes every message of the
 * folder as a maildir file; the script then fills PostVault's folder to {@code --messages} by cloning the templates'
 * rows ({@code bench/big-folder.sql}). {@code --mode measure} times, on one connection, SELECT (three times),
 * {@code FETCH 1:* (FLAGS)}, {@code UID FETCH 1:* (FLAGS)} and three UID SEARCHes, checking that each answers for
 * every message; then it holds the folder selected in {@code --holders} further sessions and reads the server's
 * memory growth (PSS; for a JVM also its live heap after a full GC).
 */
final class BigFolderBench {

    /** The timed commands, in order: the rows of the report. */
    static final List<String> STEPS = List.of("select-1", "select-2", "select-3", "fetch-flags", "uid-fetch-flags",
            "uid-search-all", "uid-search-unseen", "uid-search-flagged");

    private final Map<String, String> o;
    private final String name;
    private final HostPort imap;
    private final String user;
    private final String password;
    private final String folder;
    private final int messages;
    private final int holders;
    private final long jvmPid;
    private final Messages bodies;
    private final MemoryMeter memory;
    private final CpuMeter cpu;
    private final int timeoutMillis;

    private BigFolderBench(Map<String, String> o) {
        this.o = o;
        this.name = Options.required(o, "name");
        this.imap = HostPort.parse(Options.required(o, "imap"));
        this.user = Options.required(o, "user");
        this.password = Options.required(o, "password");
        this.folder = o.getOrDefault("folder", "Big");
        this.messages = Options.number(o, "messages", 100_000);
        this.holders = Options.number(o, "holders", 10);
        this.jvmPid = Options.number(o, "jvm-pid", 0);
        this.bodies = new Messages(Options.number(o, "size", 10240), "bench-sender@bench.invalid");
        List<Long> pids = CpuMeter.parsePids(o.get("server-pids"));
        this.memory = new MemoryMeter(pids);
        this.cpu = new CpuMeter(pids, Options.number(o, "clk-tck", 100));
        this.timeoutMillis = Options.number(o, "timeout-ms", 600_000);
    }

    static void main(List<String> args) throws Exception {
        BigFolderBench bench = new BigFolderBench(Options.pairs(args));
        switch (Options.required(bench.o, "mode")) {
            case "prepare" -> bench.prepare();
            case "measure" -> bench.measure();
            default -> throw new IllegalArgumentException("--mode prepare|measure");
        }
    }

    private byte[] message(int i) {
        return bodies.message("bigfolder", 0, i, user);
    }

    private void prepare() throws IOException {
        String maildir = o.get("maildir");
        if (maildir != null) {
            // Maildir++ (Dovecot's default layout): the folder is ".NAME" beside INBOX; ":2,S" = \Seen, as cloned below
            Path cur = Path.of(maildir, "." + folder, "cur");
            Files.createDirectories(cur);
            Files.createDirectories(cur.resolveSibling("new"));
            Files.createDirectories(cur.resolveSibling("tmp"));
            long time = System.currentTimeMillis() / 1000 - messages;
            for (int i = 1; i <= messages; i++) {
                Files.write(cur.resolve((time + i) + ".M" + i + "P1.bench:2," + maildirFlags(i)), message(i % 10));
            }
            log("%s: %d maildir files in %s", name, messages, cur);
            return;
        }
        int templates = Options.number(o, "templates", 10);
        try (ImapClient client = ImapClient.connect(imap, timeoutMillis)) {
            client.login(user, password);
            client.command("CREATE " + ImapClient.quoted(folder));
            for (int i = 1; i <= templates; i++) {
                String flags = maildirFlags(i).replace("F", "\\Flagged ").replace("S", "\\Seen").trim();
                client.append(folder, flags.isEmpty() ? "" : "(" + flags + ")", message(i % 10));
            }
            client.logout();
        }
        log("%s: %d template messages appended to %s", name, templates, folder);
    }

    /** The flags of message i, the same pattern as big-folder.sql: 1 in 50 unseen, 1 in 7 also flagged. */
    private static String maildirFlags(int i) {
        return i % 50 == 0 ? "" : i % 7 == 0 ? "FS" : "S";
    }

    private void measure() throws Exception {
        Properties result = new Properties();
        result.setProperty("kind", "bigfolder");
        result.setProperty("name", name);
        result.setProperty("messages", Integer.toString(messages));
        result.setProperty("holders", Integer.toString(holders));
        long cpuBefore = cpu.cpuMillis();
        try (ImapClient client = ImapClient.connect(imap, timeoutMillis)) {
            client.allowLines(16 * 1024 * 1024);
            client.login(user, password);
            for (int i = 1; i <= 3; i++) {
                long t = System.nanoTime();
                client.command("SELECT " + ImapClient.quoted(folder));
                record(result, "select-" + i, t);
                expect("SELECT", client.exists(), messages);
            }
            timedFetch(client, result, "fetch-flags", "FETCH 1:* (FLAGS)");
            timedFetch(client, result, "uid-fetch-flags", "UID FETCH 1:* (FLAGS)");
            timedSearch(client, result, "uid-search-all", "UID SEARCH ALL", messages);
            timedSearch(client, result, "uid-search-unseen", "UID SEARCH UNSEEN", -1);
            timedSearch(client, result, "uid-search-flagged", "UID SEARCH FLAGGED", -1);
            client.logout();
        }
        result.setProperty("server-cpu-ms", Long.toString(cpu.cpuMillis() - cpuBefore));
        held(result);
        try (Writer writer = Files.newBufferedWriter(Path.of(Options.required(o, "out")), StandardCharsets.UTF_8)) {
            result.store(writer, "large folder benchmark result of " + name);
        }
    }

    private void timedFetch(ImapClient client, Properties result, String step, String command) throws IOException {
        long t = System.nanoTime();
        client.command(command);
        record(result, step, t);
        expect(command, (int) client.untagged().stream().filter(l -> l.contains(" FETCH (")).count(), messages);
    }

    private void timedSearch(ImapClient client, Properties result, String step, String command, int expected)
            throws IOException {
        long t = System.nanoTime();
        client.command(command);
        record(result, step, t);
        String line = client.untagged().stream().filter(l -> l.startsWith("* SEARCH")).findFirst()
                .orElseThrow(() -> new BenchException(command + ": no SEARCH response"));
        String[] words = line.split(" ");
        for (int i = 2; i < words.length; i++) {
            if (words[i].isEmpty() || !words[i].chars().allMatch(Character::isDigit)) {
                throw new BenchException(command + ": not a UID in the SEARCH response: " + words[i]);
            }
        }
        int found = words.length - 2;
        result.setProperty(step + ".found", Integer.toString(found));
        if (expected >= 0) {
            expect(command, found, expected);
        }
    }

    /** The folder held selected by more sessions: the server's memory growth per session. */
    private void held(Properties result) throws Exception {
        long heapBefore = JvmHeap.liveKib(jvmPid);
        MemoryMeter.Reading before = memory.read();
        List<ImapClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < holders; i++) {
                ImapClient client = ImapClient.connect(imap, timeoutMillis);
                open.add(client);
                client.login(user, password);
                client.command("EXAMINE " + ImapClient.quoted(folder));
                expect("EXAMINE", client.exists(), messages);
            }
            long heapAfter = JvmHeap.liveKib(jvmPid);
            MemoryMeter.Reading after = memory.read();
            result.setProperty("held.pss-before-kib", Long.toString(before.kib()));
            result.setProperty("held.pss-after-kib", Long.toString(after.kib()));
            if (heapBefore >= 0) {
                result.setProperty("held.heap-before-kib", Long.toString(heapBefore));
                result.setProperty("held.heap-after-kib", Long.toString(heapAfter));
            }
            log("%s: %d sessions with %s selected: PSS %d -> %d KiB, live heap %d -> %d KiB", name, holders, folder,
                    before.kib(), after.kib(), heapBefore, heapAfter);
        } finally {
            for (ImapClient client : open) {
                client.close();
            }
        }
    }

    private static void expect(String command, int got, int expected) {
        if (got != expected) {
            throw new BenchException(command + ": " + got + " messages, expected " + expected);
        }
    }

    private void record(Properties result, String step, long since) {
        double millis = (System.nanoTime() - since) / 1e6;
        result.setProperty(step + ".ms", String.format(java.util.Locale.ROOT, "%.1f", millis));
        log("%s %s: %.1f ms", name, step, millis);
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }
}
