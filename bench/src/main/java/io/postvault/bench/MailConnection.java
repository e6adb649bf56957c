package io.postvault.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain TCP connection to a line-based mail server: CRLF lines in, bytes out, buffered both ways. */
final class MailConnection implements Closeable {

    private static final int MAX_LINE = 8192;

    private final Socket socket;
    private final BufferedInputStream in;
    private final BufferedOutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int maxLine = MAX_LINE;

    private MailConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    static MailConnection open(HostPort address, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMillis);
        return new MailConnection(socket);
    }

    /** Accepts lines up to {@code octets} long (e.g. a SEARCH response naming every message of a large folder). */
    void allowLines(int octets) {
        maxLine = octets;
    }

    /** Queues text (commands end in CRLF) without sending it. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next line without its CRLF; fails at end of stream or on an over-long line. */
    String readLine() throws IOException {
        line.reset();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
            if (line.size() > maxLine) {
                throw new IOException("line longer than " + maxLine + " octets from the server");
            }
        }
    }

    /**
     * Reads a dot-terminated multi-line body (RFC 1939 section 3) up to and including the line ".", and returns the
     * number of octets read (including line ends and the terminator).
     */
    long readDotBody() throws IOException {
        long octets = 0;
        int state = 0; // 0: start of line, 1: inside a line, 2: "." at line start, 3: ".\r" at line start, 4: CR in line
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a multi-line response");
            }
            octets++;
            switch (state) {
                case 0 -> state = b == '.' ? 2 : b == '\r' ? 4 : 1;
                case 2 -> state = b == '\r' ? 3 : b == '\n' ? 0 : 1;
                case 3 -> {
                    if (b == '\n') {
                        return octets;
                    }
                    state = b == '\r' ? 4 : 1;
                }
                case 4 -> state = b == '\n' ? 0 : b == '\r' ? 4 : 1;
                default -> state = b == '\r' ? 4 : 1;
            }
        }
    }

    /** Reads and discards exactly {@code octets} octets (an IMAP literal's content). */
    void skip(long octets) throws IOException {
        in.skipNBytes(octets);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
