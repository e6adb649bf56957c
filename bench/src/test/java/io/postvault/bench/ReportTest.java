package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Properties result(String name, double lmtpSeconds, double pop3Seconds, Map<String, Long> backing) {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("clients", "4");
        p.setProperty("message-size", "10240");
        p.setProperty("accounts", "4");
        p.setProperty("lmtp-warmup", "200");
        p.setProperty("pop3-warmup", "100");
        p.setProperty("pop3-batch", "50");
        p.setProperty("pop3-window", "16");
        new PhaseResult("lmtp", 2000, 0, 2000 * 10240L, lmtpSeconds, 10, 20, 30, 40, 4000, backing, 500, 1, 2)
                .store(p);
        new PhaseResult("pop3", 2100, 44, 2100 * 10500L, pop3Seconds, 100, 200, 300, 400, 2100, backing, 300, 3, 4)
                .store(p);
        return p;
    }

    @Test
    void ratiosArePostVaultOverPeerAndResultsRoundTrip() {
        Properties a = result("PostVault", 20, 7, Map.of("postgres", 1000L));
        Properties b = result("Dovecot", 10, 14, Map.of());

        assertThat(PhaseResult.load(a, "lmtp").backingCpuByName()).containsEntry("postgres", 1000L);
        assertThat(PhaseResult.load(a, "pop3").endEpochMillis()).isEqualTo(4);

        String md = Report.render("title", "2 CPUs", null, a, b);
        assertThat(md).startsWith("## title\n")
                .contains("| LMTP deliveries/s (higher is better) | 100.0 | 200.0 | 0.50 |")
                .contains("| POP3 RETR+DELE messages/s (higher is better) | 300.0 | 150.0 | 2.00 |")
                .contains("| LMTP server + backing CPU ms/delivery | 2.50 | 2.00 | 1.25 |")
                .contains("| LMTP backing: postgres CPU ms/delivery | 0.50 | – | |")
                .contains("PostVault/Dovecot = **0.50** — PostVault is slower than Dovecot")
                .contains("PostVault/Dovecot = **2.00** — PostVault meets the aim");
    }

    private static Properties imapResult(String name, long commands, long serverCpuMillis, long pssAfterKib) {
        Properties p = new Properties();
        p.setProperty("kind", "imap");
        p.setProperty("name", name);
        p.setProperty("accounts", "10");
        p.setProperty("seed", "200");
        p.setProperty("message-size", "10239");
        p.setProperty("duration", "20");
        p.setProperty("idle-ms", "500");
        p.setProperty("steps", "10");
        p.setProperty("mix.10.seconds", "20");
        p.setProperty("mix.10.sessions", Long.toString(commands / 17));
        p.setProperty("mix.10.commands", Long.toString(commands));
        p.setProperty("mix.10.server-cpu-ms", Long.toString(serverCpuMillis));
        p.setProperty("mix.10.client-cpu-ms", "100");
        for (String family : ImapBench.FAMILIES) {
            p.setProperty("mix.10." + family + ".count", "10");
            p.setProperty("mix.10." + family + ".p50-ms", "2");
            p.setProperty("mix.10." + family + ".p99-ms", "8");
        }
        p.setProperty("idle.connections", "1000");
        p.setProperty("idle.settle-seconds", "30");
        p.setProperty("idle.pss-before-kib", "10000");
        p.setProperty("idle.pss-after-kib", Long.toString(pssAfterKib));
        p.setProperty("idle.processes-before", "1");
        p.setProperty("idle.processes-after", "1");
        return p;
    }

    @Test
    void imapRatiosArePostVaultOverPeer() {
        String md = Report.renderImap("imap", null, null, imapResult("PostVault", 3400, 1700, 14000),
                imapResult("Dovecot", 1700, 1700, 12000));
        assertThat(md).startsWith("## imap\n")
                .contains("| IMAP 10 clients: commands/s (higher is better) | 170.0 | 85.0 | 2.00 |")
                .contains("| IMAP 10 clients: server CPU ms/command (lower is better) | 0.50 | 1.00 | 0.50 |")
                .contains("| IMAP 10 clients: fetch-headers p50 / p99 ms (10 / 10) | 2.0 / 8.0 | 2.0 / 8.0 | 1.00 (p50) |")
                .contains("| Server PSS growth KiB per idle connection | 4.0 | 2.0 | 2.00 |")
                .contains("| Live heap after a full GC, growth KiB per idle connection (JVM only) | – | – | |")
                .contains("| Memory per idle connection, KiB: the larger of the two (lower is better) | 4.0 | 2.0 | 2.00 |")
                .contains("IMAP commands/s with 10 clients: PostVault/Dovecot = **2.00** — PostVault meets the aim")
                .contains("Memory per idle IDLE connection: PostVault/Dovecot = **2.00** — PostVault uses more than "
                        + "Dovecot");
    }

    @Test
    void anUnmeasuredWarmUpIsSaidOnlyWhenThereWasOne() {
        Properties warmed = imapResult("PostVault", 3400, 1700, 14000);
        warmed.setProperty("warmup", "20");
        assertThat(Report.renderImap("imap", null, null, warmed, imapResult("Dovecot", 1700, 1700, 12000)))
                .contains("Before the steps, the mix runs unmeasured for 20 s against each server");
        assertThat(Report.renderImap("imap", null, null, imapResult("PostVault", 3400, 1700, 14000),
                imapResult("Dovecot", 1700, 1700, 12000))).doesNotContain("unmeasured");
    }

    @Test
    void aJvmsIdleConnectionsCostAtLeastTheirLiveHeap() {
        Properties postVault = imapResult("PostVault", 1700, 1700, 9000); // PSS shrank by 1 MiB (the collector)
        postVault.setProperty("idle.heap-before-kib", "50000");
        postVault.setProperty("idle.heap-after-kib", "53000");
        String md = Report.renderImap("imap", null, null, postVault, imapResult("Dovecot", 1700, 1700, 12000));
        assertThat(md).contains("| Server PSS growth KiB per idle connection | -1.0 | 2.0 | -0.50 |")
                .contains("| Live heap after a full GC, growth KiB per idle connection (JVM only) | 3.0 | – | |")
                .contains("| Memory per idle connection, KiB: the larger of the two (lower is better) | 3.0 | 2.0 | 1.50 |")
                .contains("PostVault/Dovecot = **1.50** — PostVault uses more than Dovecot");
    }

    @Test
    void memoryRatioIsGivenOnlyWhenThePeersGrowthIsPositive() {
        assertThat(Report.memoryVerdict("PostVault", "Dovecot", 5.7, 7.6))
                .contains("= **0.75**").contains("meets the aim");
        assertThat(Report.memoryVerdict("PostVault", "Dovecot", 10.2, 7.1))
                .contains("= **1.44**").contains("not met");
        assertThat(Report.memoryVerdict("PostVault", "Dovecot", -2.7, -1.5))
                .contains("not measured").doesNotContain("meets the aim");
    }
}
