package io.postvault.bench;

import java.io.Closeable;
import java.io.IOException;

/**
 * A minimal POP3 client (RFC 1939): USER/PASS in plaintext (loopback only), STAT, then RETR n + DELE n for the first
 * messages, pipelined (RFC 2449 PIPELINING) in a bounded window, then QUIT, which commits the deletions.
 */
final class Pop3Client implements Closeable {

    private final MailConnection connection;

    private Pop3Client(MailConnection connection) {
        this.connection = connection;
    }

    static Pop3Client login(HostPort address, String user, String password, int timeoutMillis) throws IOException {
        MailConnection connection = MailConnection.open(address, timeoutMillis);
        Pop3Client client = new Pop3Client(connection);
        try {
            client.expectOk(connection.readLine(), "greeting");
            connection.write("USER " + user + "\r\nPASS " + password + "\r\n");
            connection.flush();
            client.expectOk(connection.readLine(), "USER " + user);
            client.expectOk(connection.readLine(), "PASS for " + user);
            return client;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The number of messages in the maildrop (STAT). */
    int stat() throws IOException {
        connection.write("STAT\r\n");
        connection.flush();
        String line = connection.readLine();
        expectOk(line, "STAT");
        return Integer.parseInt(line.split(" ")[1]);
    }

    /**
     * RETR and DELE messages 1..count, keeping at most {@code window} command pairs in flight; returns the octets
     * retrieved (message bytes as sent, with line ends and terminators).
     */
    long retrieveAndDelete(int count, int window) throws IOException {
        long octets = 0;
        int sent = 0;
        int answered = 0;
        while (answered < count) {
            while (sent < count && sent - answered < window) {
                sent++;
                connection.write("RETR " + sent + "\r\nDELE " + sent + "\r\n");
            }
            connection.flush();
            answered++;
            expectOk(connection.readLine(), "RETR " + answered);
            octets += connection.readDotBody();
            expectOk(connection.readLine(), "DELE " + answered);
        }
        return octets;
    }

    /** QUIT: the server enters the UPDATE state and removes the deleted messages before it answers. */
    void quit() throws IOException {
        connection.write("QUIT\r\n");
        connection.flush();
        expectOk(connection.readLine(), "QUIT");
    }

    private void expectOk(String line, String what) {
        if (!line.startsWith("+OK")) {
            throw new BenchException("POP3 " + what + ": expected +OK, got: " + line);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
