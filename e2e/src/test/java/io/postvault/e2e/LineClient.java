package io.postvault.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A minimal CRLF line client for driving LMTP and POP3 from tests, over plain TCP or implicit TLS. */
final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(30_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LineClient plain(int port) throws IOException {
        return new LineClient(new Socket("127.0.0.1", port));
    }

    /** Implicit TLS, trusting the server's self-signed certificate (the local stack generates one). */
    static LineClient tls(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return new LineClient(context.getSocketFactory().createSocket("127.0.0.1", port));
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String readLine() throws IOException {
        return new String(readLineBytes(), StandardCharsets.UTF_8);
    }

    /** One line without its CRLF, byte for byte. */
    private byte[] readLineBytes() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("connection closed after: " + line);
    }

    /** Exactly {@code count} bytes (an IMAP literal). */
    byte[] readBytes(int count) throws IOException {
        return in.readNBytes(count);
    }

    /** Sends a command and returns its one-line reply. */
    String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** Reads an SMTP/LMTP reply, continuation lines included; returns its last line. */
    String readReply() throws IOException {
        String line = readLine();
        while (line.length() > 3 && line.charAt(3) == '-') {
            line = readLine();
        }
        return line;
    }

    /** Reads an SMTP/LMTP reply (see {@link #readReply}); throws unless it has the code. Returns its last line. */
    String expectReply(String code) throws IOException {
        String line = readReply();
        if (!line.startsWith(code)) {
            throw new IllegalStateException("expected " + code + ", got " + line);
        }
        return line;
    }

    /** Reads a POP3 multi-line body up to the lone dot, undoing byte-stuffing; lines joined with CRLF. */
    byte[] readMultiline() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] line = readLineBytes(); !(line.length == 1 && line[0] == '.'); line = readLineBytes()) {
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            body.write(line, from, line.length - from);
            body.writeBytes(new byte[] {'\r', '\n'});
        }
        return body.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
