package io.postvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Renders two result files (PostVault, then its peer) as a Markdown section: a table of figures and ratios. */
final class Report {

    private Report() {
    }

    static void main(List<String> args) throws IOException {
        String machine = null;
        String title = null;
        String params = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--machine" -> machine = Files.readString(Path.of(args.get(++i))).strip();
                case "--title" -> title = args.get(++i);
                case "--params" -> params = args.get(++i);
                default -> files.add(Path.of(args.get(i)));
            }
        }
        if (files.size() != 2 || title == null) {
            throw new IllegalArgumentException("report needs --title TEXT and two result files (PostVault, peer)");
        }
        Properties a = MailBench.read(files.get(0));
        Properties b = MailBench.read(files.get(1));
        System.out.print(switch (String.valueOf(a.getProperty("kind"))) {
            case "imap" -> renderImap(title, machine, params, a, b);
            case "bigfolder" -> renderBigFolder(title, machine, params, a, b);
            default -> render(title, machine, params, a, b);
        });
    }

    static String render(String title, String machine, String params, Properties a, Properties b) {
        String nameA = a.getProperty("name");
        String nameB = b.getProperty("name");
        PhaseResult lmtpA = PhaseResult.load(a, "lmtp");
        PhaseResult lmtpB = PhaseResult.load(b, "lmtp");
        PhaseResult popA = PhaseResult.load(a, "pop3");
        PhaseResult popB = PhaseResult.load(b, "pop3");
        StringBuilder md = new StringBuilder();
        md.append("## ").append(title).append("\n\n");
        if (machine != null) {
            md.append("**Machine.** ").append(machine.replace("\n", "; ")).append("\n\n");
        }
        md.append("**Load.** ").append(a.getProperty("clients")).append(" parallel clients, ")
                .append(a.getProperty("message-size")).append("-octet messages, ").append(a.getProperty("accounts"))
                .append(" accounts. LMTP: ").append(a.getProperty("lmtp-warmup")).append(" warm-up + ")
                .append(lmtpA.operations()).append(" timed deliveries, one recipient each (a seeded random account), "
                        + "MAIL/RCPT/DATA pipelined, one connection per client. POP3: client *i* logs in as account *i* "
                        + "(USER/PASS, plaintext on loopback), ")
                .append(a.getProperty("pop3-warmup")).append(" warm-up + ").append(popA.operations())
                .append(" timed messages, RETR n + DELE n pipelined (").append(a.getProperty("pop3-window"))
                .append(" pairs in flight), QUIT after every ").append(a.getProperty("pop3-batch"))
                .append(" messages (a new session).");
        if (params != null) {
            md.append(' ').append(params);
        }
        md.append("\n\n");
        md.append("| | ").append(nameA).append(" | ").append(nameB).append(" | ").append(nameA).append('/')
                .append(nameB).append(" |\n| --- | ---: | ---: | ---: |\n");
        row(md, "LMTP deliveries/s (higher is better)", lmtpA.perSecond(), lmtpB.perSecond(), 1);
        row(md, "LMTP latency per delivery p50 / p90 / p99 ms", lmtpA.p50Millis(), lmtpA.p90Millis(),
                lmtpA.p99Millis(), lmtpB.p50Millis(), lmtpB.p90Millis(), lmtpB.p99Millis());
        row(md, "LMTP server CPU ms/delivery (lower is better)", lmtpA.serverCpuPerOp(), lmtpB.serverCpuPerOp(), 2);
        row(md, "LMTP server + backing CPU ms/delivery", lmtpA.systemCpuPerOp(), lmtpB.systemCpuPerOp(), 2);
        backingRow(md, "LMTP backing CPU ms/delivery", lmtpA, lmtpB);
        row(md, "LMTP load generator CPU ms/delivery", lmtpA.clientCpuMillis() / (double) lmtpA.operations(),
                lmtpB.clientCpuMillis() / (double) lmtpB.operations(), 2);
        row(md, "POP3 RETR+DELE messages/s (higher is better)", popA.perSecond(), popB.perSecond(), 1);
        row(md, "POP3 latency per session p50 / p90 / p99 ms", popA.p50Millis(), popA.p90Millis(), popA.p99Millis(),
                popB.p50Millis(), popB.p90Millis(), popB.p99Millis());
        row(md, "POP3 server CPU ms/message (lower is better)", popA.serverCpuPerOp(), popB.serverCpuPerOp(), 2);
        row(md, "POP3 server + backing CPU ms/message", popA.systemCpuPerOp(), popB.systemCpuPerOp(), 2);
        backingRow(md, "POP3 backing CPU ms/message", popA, popB);
        row(md, "POP3 load generator CPU ms/message", popA.clientCpuMillis() / (double) popA.operations(),
                popB.clientCpuMillis() / (double) popB.operations(), 2);
        md.append('\n');
        md.append(verdict("LMTP deliveries/s", nameA, nameB, lmtpA.perSecond() / lmtpB.perSecond()))
                .append(verdict("POP3 RETR+DELE messages/s", nameA, nameB, popA.perSecond() / popB.perSecond()));
        md.append("\nTimed phases: LMTP ").append(fmt(lmtpA.seconds(), 1)).append(" s / ").append(fmt(lmtpB.seconds(), 1))
                .append(" s, POP3 ").append(fmt(popA.seconds(), 1)).append(" s / ").append(fmt(popB.seconds(), 1))
                .append(" s (").append(nameA).append(" / ").append(nameB).append("); POP3 sessions ")
                .append(popA.sessions()).append(" / ").append(popB.sessions()).append(".\n\n");
        return md.toString();
    }

    /** The IMAP phase ({@link ImapBench}): the client mix per concurrency step, then the idle connections. */
    static String renderImap(String title, String machine, String params, Properties a, Properties b) {
        String nameA = a.getProperty("name");
        String nameB = b.getProperty("name");
        StringBuilder md = new StringBuilder();
        md.append("## ").append(title).append("\n\n");
        if (machine != null) {
            md.append("**Machine.** ").append(machine.replace("\n", "; ")).append("\n\n");
        }
        md.append("**Load.** ").append(a.getProperty("accounts")).append(" accounts, each INBOX seeded with ")
                .append(a.getProperty("seed")).append(" messages of ").append(a.getProperty("message-size"))
                .append(" octets (APPEND). Client mix, for ").append(a.getProperty("duration"))
                .append(" s per step: every client runs sessions one after another, each a new connection as a mail "
                        + "client opens it — LOGIN (plaintext, loopback), LIST \"\" \"*\", STATUS INBOX, SELECT INBOX, "
                        + "FETCH of the newest 50 messages' UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (...)], "
                        + "3 × (FETCH n BODY.PEEK[] + STORE n ±FLAGS (\\Flagged)), APPEND of one message, UID STORE "
                        + "+FLAGS.SILENT (\\Deleted) + UID EXPUNGE of it (the folder keeps its size; \"expunge\" is both "
                        + "commands), IDLE for ")
                .append(a.getProperty("idle-ms")).append(" ms (its latency: IDLE → continuation plus DONE → OK), "
                        + "LOGOUT; 17 commands per session. Client *i* uses account *i* mod accounts.");
        if (!a.getProperty("warmup", "0").equals("0")) {
            md.append(" Before the steps, the mix runs unmeasured for ").append(a.getProperty("warmup"))
                    .append(" s against each server (a JVM's JIT compiles the IMAP code then, as a running server's"
                            + " has).");
        }
        if (params != null) {
            md.append(' ').append(params);
        }
        md.append("\n\n| | ").append(nameA).append(" | ").append(nameB).append(" | ").append(nameA).append('/')
                .append(nameB).append(" |\n| --- | ---: | ---: | ---: |\n");
        StringBuilder verdicts = new StringBuilder();
        for (String step : a.getProperty("steps").split(",")) {
            String p = "mix." + step + ".";
            double secondsA = num(a, p + "seconds");
            double secondsB = num(b, p + "seconds");
            double commandsA = num(a, p + "commands");
            double commandsB = num(b, p + "commands");
            String label = "IMAP " + step + " clients: ";
            row(md, label + "sessions/s (higher is better)", num(a, p + "sessions") / secondsA,
                    num(b, p + "sessions") / secondsB, 1);
            row(md, label + "commands/s (higher is better)", commandsA / secondsA, commandsB / secondsB, 1);
            row(md, label + "server CPU ms/command (lower is better)", num(a, p + "server-cpu-ms") / commandsA,
                    num(b, p + "server-cpu-ms") / commandsB, 2);
            imapBackingRows(md, label, a, b, p, commandsA, commandsB);
            row(md, label + "load generator CPU ms/command", num(a, p + "client-cpu-ms") / commandsA,
                    num(b, p + "client-cpu-ms") / commandsB, 2);
            for (String family : ImapBench.FAMILIES) {
                String f = p + family + ".";
                md.append("| ").append(label).append(family).append(" p50 / p99 ms (").append(a.getProperty(f + "count"))
                        .append(" / ").append(b.getProperty(f + "count")).append(") | ").append(fmt(num(a, f + "p50-ms"), 1))
                        .append(" / ").append(fmt(num(a, f + "p99-ms"), 1)).append(" | ")
                        .append(fmt(num(b, f + "p50-ms"), 1)).append(" / ").append(fmt(num(b, f + "p99-ms"), 1))
                        .append(" | ").append(fmt(num(a, f + "p50-ms") / num(b, f + "p50-ms"), 2)).append(" (p50) |\n");
            }
            verdicts.append(verdict("IMAP commands/s with " + step + " clients", nameA, nameB,
                    (commandsA / secondsA) / (commandsB / secondsB)));
        }
        double perConnectionA = counted(a);
        double perConnectionB = counted(b);
        md.append("| Idle connections in IDLE (held ").append(a.getProperty("idle.settle-seconds"))
                .append(" s) | ").append(a.getProperty("idle.connections")).append(" | ")
                .append(b.getProperty("idle.connections")).append(" | |\n");
        md.append("| Server PSS before → with them, MiB (server process trees) | ").append(pss(a)).append(" | ")
                .append(pss(b)).append(" | |\n");
        row(md, "Server PSS growth KiB per idle connection", pssGrowth(a), pssGrowth(b), 1);
        md.append("| Live heap after a full GC, growth KiB per idle connection (JVM only) | ").append(heap(a))
                .append(" | ").append(heap(b)).append(" | |\n");
        row(md, "Memory per idle connection, KiB: the larger of the two (lower is better)", perConnectionA,
                perConnectionB, 1);
        md.append('\n').append(verdicts);
        md.append(memoryVerdict(nameA, nameB, perConnectionA, perConnectionB)).append("\n\n");
        return md.toString();
    }

    /** A ratio of memory growths means something only when the peer's growth is above the noise (positive). */
    static String memoryVerdict(String nameA, String nameB, double perConnectionA, double perConnectionB) {
        String lead = "- Memory per idle IDLE connection: " + nameA + '/' + nameB;
        if (!(perConnectionB > 0)) {
            return lead + ": not measured — " + nameB + "'s memory did not grow with the connections (too few to rise"
                    + " above the noise: raise BENCH_IMAP_IDLE).";
        }
        return lead + " = **" + fmt(perConnectionA / perConnectionB, 2) + "** — "
                + (perConnectionA <= perConnectionB ? nameA + " meets the aim (≤ 1)."
                        : nameA + " uses more than " + nameB + " (aim: ≤ 1, not met).");
    }

    static String renderBigFolder(String title, String machine, String params, Properties a, Properties b) {
        String nameA = a.getProperty("name");
        String nameB = b.getProperty("name");
        StringBuilder md = new StringBuilder();
        md.append("## ").append(title).append("\n\n");
        if (machine != null) {
            md.append("**Machine.** ").append(machine.replace("\n", "; ")).append("\n\n");
        }
        md.append("**Load.** One folder of ").append(a.getProperty("messages")).append(" messages (1 in 50 unseen, 1 in"
                + " 7 flagged); on one connection, one command at a time: SELECT three times, FETCH 1:* (FLAGS), UID"
                + " FETCH 1:* (FLAGS), UID SEARCH ALL / UNSEEN / FLAGGED; each must answer for every message. Then ")
                .append(a.getProperty("holders")).append(" more sessions EXAMINE the folder and stay: the server's memory"
                        + " growth per session holding it.");
        if (params != null) {
            md.append(' ').append(params);
        }
        md.append("\n\n| | ").append(nameA).append(" | ").append(nameB).append(" | ").append(nameA).append('/')
                .append(nameB).append(" |\n| --- | ---: | ---: | ---: |\n");
        for (String step : BigFolderBench.STEPS) {
            row(md, step + " ms (lower is better)", num(a, step + ".ms"), num(b, step + ".ms"), 1);
        }
        row(md, "server CPU ms, all of the above", num(a, "server-cpu-ms"), num(b, "server-cpu-ms"), 0);
        double holders = num(a, "holders");
        row(md, "server PSS growth KiB per session holding the folder",
                (num(a, "held.pss-after-kib") - num(a, "held.pss-before-kib")) / holders,
                (num(b, "held.pss-after-kib") - num(b, "held.pss-before-kib")) / holders, 1);
        if (a.getProperty("held.heap-after-kib") != null) {
            md.append("| live heap after a full GC: before → with the sessions, MiB (JVM only) | ")
                    .append(fmt(num(a, "held.heap-before-kib") / 1024, 1)).append(" → ")
                    .append(fmt(num(a, "held.heap-after-kib") / 1024, 1)).append(" | – | |\n");
            md.append("| live heap growth KiB per session holding the folder (JVM only) | ")
                    .append(fmt((num(a, "held.heap-after-kib") - num(a, "held.heap-before-kib")) / holders, 1))
                    .append(" | – | |\n");
        }
        return md.append('\n').toString();
    }

    private static double pssGrowth(Properties p) {
        return (num(p, "idle.pss-after-kib") - num(p, "idle.pss-before-kib")) / num(p, "idle.connections");
    }

    private static double heapGrowth(Properties p) {
        return (num(p, "idle.heap-after-kib") - num(p, "idle.heap-before-kib")) / num(p, "idle.connections");
    }

    private static String heap(Properties p) {
        return p.getProperty("idle.heap-after-kib") == null ? "–" : fmt(heapGrowth(p), 1);
    }

    /**
     * What an idle connection is counted to cost: the growth of the process tree's PSS, or for a JVM the growth of its
     * live heap when that is larger — a JVM's resident size moves with its collector's sizing decisions (a full GC may
     * give memory back), which can hide the connections' cost or even make the difference negative.
     */
    private static double counted(Properties p) {
        return p.getProperty("idle.heap-after-kib") == null ? pssGrowth(p) : Math.max(pssGrowth(p), heapGrowth(p));
    }

    private static String pss(Properties p) {
        return fmt(num(p, "idle.pss-before-kib") / 1024, 1) + " → " + fmt(num(p, "idle.pss-after-kib") / 1024, 1)
                + " (" + p.getProperty("idle.processes-before") + " → " + p.getProperty("idle.processes-after")
                + " processes)";
    }

    private static double num(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + " in the result of " + p.getProperty("name"));
        }
        return Double.parseDouble(value);
    }

    private static double num(Properties p, String key, double fallback) {
        return p.containsKey(key) ? num(p, key) : fallback;
    }

    private static String verdict(String what, String a, String b, double ratio) {
        return "- " + what + ": " + a + "/" + b + " = **" + fmt(ratio, 2) + "** — "
                + (ratio >= 1 ? a + " meets the aim (≥ 1)." : a + " is slower than " + b + " (aim: ≥ 1, not met).")
                + "\n";
    }

    /**
     * With backing processes measured (--backing-pids of the IMAP load): the server's CPU plus theirs per command, then
     * one row each; nothing when neither side had any.
     */
    private static void imapBackingRows(StringBuilder md, String label, Properties a, Properties b, String p,
            double commandsA, double commandsB) {
        String prefix = p + "backing.";
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Properties r : List.of(a, b)) {
            r.stringPropertyNames().stream().filter(k -> k.startsWith(prefix) && k.endsWith(".cpu-ms"))
                    .forEach(k -> names.add(k.substring(prefix.length(), k.length() - ".cpu-ms".length())));
        }
        if (names.isEmpty()) {
            return;
        }
        double backingA = names.stream().mapToDouble(n -> num(a, prefix + n + ".cpu-ms", 0)).sum();
        double backingB = names.stream().mapToDouble(n -> num(b, prefix + n + ".cpu-ms", 0)).sum();
        row(md, label + "server + backing CPU ms/command (lower is better)",
                (num(a, p + "server-cpu-ms") + backingA) / commandsA, (num(b, p + "server-cpu-ms") + backingB) / commandsB,
                2);
        for (String n : names) {
            md.append("| ").append(label).append("backing: ").append(n).append(" CPU ms/command | ")
                    .append(a.containsKey(prefix + n + ".cpu-ms") ? fmt(num(a, prefix + n + ".cpu-ms") / commandsA, 2) : "–")
                    .append(" | ")
                    .append(b.containsKey(prefix + n + ".cpu-ms") ? fmt(num(b, prefix + n + ".cpu-ms") / commandsB, 2) : "–")
                    .append(" | |\n");
        }
    }

    /** One row per backing process tree of either server (e.g. PostVault's postgres, kafka, s3). */
    private static void backingRow(StringBuilder md, String label, PhaseResult a, PhaseResult b) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(a.backingCpuByName().keySet());
        names.addAll(b.backingCpuByName().keySet());
        for (String name : names) {
            md.append("| ").append(label.replace("backing", "backing: " + name)).append(" | ")
                    .append(perOp(a, name)).append(" | ").append(perOp(b, name)).append(" | |\n");
        }
    }

    private static String perOp(PhaseResult r, String name) {
        Long millis = r.backingCpuByName().get(name);
        return millis == null ? "–" : fmt(millis / (double) r.operations(), 2);
    }

    private static void row(StringBuilder md, String label, double a, double b, int digits) {
        md.append("| ").append(label).append(" | ").append(fmt(a, digits)).append(" | ").append(fmt(b, digits))
                .append(" | ").append(b == 0 ? "–" : fmt(a / b, 2)).append(" |\n");
    }

    private static void row(StringBuilder md, String label, double a50, double a90, double a99, double b50, double b90,
            double b99) {
        md.append("| ").append(label).append(" | ").append(fmt(a50, 1)).append(" / ").append(fmt(a90, 1)).append(" / ")
                .append(fmt(a99, 1)).append(" | ").append(fmt(b50, 1)).append(" / ").append(fmt(b90, 1)).append(" / ")
                .append(fmt(b99, 1)).append(" | |\n");
    }

    private static String fmt(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
