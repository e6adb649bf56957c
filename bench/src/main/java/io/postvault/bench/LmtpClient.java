package io.postvault.bench;

import java.io.Closeable;
import java.io.IOException;

/**
 * A minimal LMTP client (RFC 2033) for one recipient per transaction. MAIL, RCPT and DATA go out in one write
 * (PIPELINING, RFC 2920), then the body; a delivery costs two round trips, as with Postfix's LMTP client.
 */
final class LmtpClient implements Closeable {

    private final MailConnection connection;
    private boolean sizeExtension;

    private LmtpClient(MailConnection connection) {
        this.connection = connection;
    }

    static LmtpClient connect(HostPort address, String lhloName, int timeoutMillis) throws IOException {
        MailConnection connection = MailConnection.open(address, timeoutMillis);
        LmtpClient client = new LmtpClient(connection);
        client.expect("220", connection.readLine(), "greeting");
        connection.write("LHLO " + lhloName + "\r\n");
        connection.flush();
        String line;
        do {
            line = connection.readLine();
            client.expect("250", line, "LHLO");
            if (line.length() > 4 && line.substring(4).toUpperCase(java.util.Locale.ROOT).startsWith("SIZE")) {
                client.sizeExtension = true; // RFC 1870: declare the size only to servers that announce it
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return client;
    }

    /** Delivers one message; {@code dotStuffedBody} ends in CRLF and has its leading dots doubled. */
    void deliver(String sender, String recipient, byte[] dotStuffedBody) throws IOException {
        connection.write("MAIL FROM:<" + sender + ">" + (sizeExtension ? " SIZE=" + dotStuffedBody.length : "")
                + "\r\nRCPT TO:<" + recipient
                + ">\r\nDATA\r\n");
        connection.flush();
        expect("250", connection.readLine(), "MAIL FROM");
        expect("250", connection.readLine(), "RCPT TO " + recipient);
        expect("354", connection.readLine(), "DATA");
        connection.write(dotStuffedBody);
        connection.write(".\r\n");
        connection.flush();
        expect("250", connection.readLine(), "end of DATA for " + recipient);
    }

    void quit() throws IOException {
        connection.write("QUIT\r\n");
        connection.flush();
        expect("221", connection.readLine(), "QUIT");
    }

    private void expect(String code, String line, String what) {
        if (!line.startsWith(code)) {
            throw new BenchException("LMTP " + what + ": expected " + code + ", got: " + line);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
