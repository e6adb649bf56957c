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
}
