package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The benchmark's IMAP client against a scripted server: literals skipped, EXISTS and APPENDUID read, NO fails. */
class ImapClientTest {

    @Test
    void skipsLiteralsReadsExistsAppendUidAndIdle() throws Exception {
        List<String> received = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.US_ASCII))) {
                    write(out, "* OK ready\r\n");
                    received.add(in.readLine());
                    write(out, "* 3 EXISTS\r\n* 4 EXISTS\r\nb1 OK [READ-WRITE] done\r\n");
                    received.add(in.readLine());
                    // Two literals in one response, the second ending in a line end of its own.
                    write(out, "* 1 FETCH (BODY[HEADER] {5}\r\nab\r\nc BODY[] {4}\r\nx\r\n)\r\nb2 OK done\r\n");
                    received.add(in.readLine());
                    write(out, "+ go\r\n");
                    char[] message = new char[7];
                    for (int n = 0; n < message.length; ) {
                        n += in.read(message, n, message.length - n);
                    }
                    received.add(new String(message) + "|" + in.readLine());
                    write(out, "b3 OK [APPENDUID 9 42] appended\r\n");
                    received.add(in.readLine());
                    write(out, "* 5 EXISTS\r\n+ idling\r\n");
                    received.add(in.readLine());
                    write(out, "b4 OK idle done\r\n");
                    received.add(in.readLine());
                    write(out, "b5 NO [NONEXISTENT] no such mailbox\r\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (ImapClient c = ImapClient.connect(new HostPort("127.0.0.1", server.getLocalPort()), 5000)) {
                assertThat(c.command("SELECT INBOX")).isEqualTo("b1 OK [READ-WRITE] done");
                assertThat(c.exists()).isEqualTo(4);
                assertThat(c.command("FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[])")).isEqualTo("b2 OK done");
                assertThat(c.literalOctets()).isEqualTo(9);
                assertThat(c.exists()).isEqualTo(-1);
                assertThat(c.append("INBOX", "a\r\nb\r\n.".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42);
                String idle = c.startIdle();
                c.done(idle);
                assertThatThrownBy(() -> c.command("SELECT \"x\"")).isInstanceOf(BenchException.class)
                        .hasMessageContaining("NONEXISTENT");
            }
            script.join();
        }
        assertThat(received).containsExactly("b1 SELECT INBOX", "b2 FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[])",
                "b3 APPEND \"INBOX\" {7}", "a\r\nb\r\n.|", "b4 IDLE", "DONE",
                "b5 SELECT \"x\"");
    }

    @Test
    void pssIsSummedFromSmapsRollup() {
        assertThat(MemoryMeter.parsePssKib("55e7-7fff ---p 00000000 00:00 0 [rollup]\nRss:  1688 kB\nPss:   285 kB\n"
                + "Pss_Dirty:  112 kB\n")).isEqualTo(285);
        assertThat(MemoryMeter.parsePssKib("")).isZero();
    }

    private static void write(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
