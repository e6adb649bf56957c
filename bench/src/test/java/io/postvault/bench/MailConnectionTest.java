package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The client side of the wire against a scripted server socket: lines, and dot-terminated bodies split anywhere. */
class MailConnectionTest {

    @Test
    void readsLinesAndDotBodiesWhateverTheSegments() throws Exception {
        String script = "+OK hello\r\n+OK 12 octets\r\nline\r\n..dot\r\n\r\n.\r\n+OK bye\r\n";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                    for (byte b : script.getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b); // one octet per segment: every split point
                        out.flush();
                    }
                    in.read(); // wait for the client to close
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (MailConnection c = MailConnection.open(new HostPort("127.0.0.1", server.getLocalPort()), 5000)) {
                assertThat(c.readLine()).isEqualTo("+OK hello");
                assertThat(c.readLine()).isEqualTo("+OK 12 octets");
                assertThat(c.readDotBody()).isEqualTo("line\r\n..dot\r\n\r\n.\r\n".length());
                assertThat(c.readLine()).isEqualTo("+OK bye");
            }
            writer.join();
        }
    }

    @Test
    void hostPortParses() {
        assertThat(HostPort.parse("127.0.0.1:24")).isEqualTo(new HostPort("127.0.0.1", 24));
    }
}
