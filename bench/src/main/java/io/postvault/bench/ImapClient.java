package io.postvault.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blocking IMAP4rev1 client for the benchmark (RFC 3501): one command at a time, literals in responses skipped (their
 * size counted), every tagged reply checked to be OK. Untagged lines (literal contents removed) are kept for the caller
 * of the last command, e.g. to read {@code * n EXISTS}.
 */
final class ImapClient implements Closeable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");

    private final MailConnection connection;
    private final List<String> untagged = new ArrayList<>();
    private int tag;
    private long literalOctets;

    private ImapClient(MailConnection connection) {
        this.connection = connection;
    }

    /** Connects and reads the {@code * OK} greeting. */
    static ImapClient connect(HostPort address, int timeoutMillis) throws IOException {
        ImapClient client = new ImapClient(MailConnection.open(address, timeoutMillis));
        String greeting = client.connection.readLine();
        if (!greeting.startsWith("* OK")) {
            client.close();
            throw new BenchException("IMAP " + address + ": unexpected greeting: " + greeting);
        }
        return client;
    }

    void login(String user, String password) throws IOException {
        command("LOGIN " + quoted(user) + " " + quoted(password));
    }

    /** Sends one command and reads up to its tagged reply; returns that reply (OK, else BenchException). */
    String command(String command) throws IOException {
        String t = nextTag();
        connection.write(t + " " + command + "\r\n");
        connection.flush();
        return readTagged(t, command);
    }

    /** The count of the last {@code * n EXISTS} seen since the last command was sent, or -1. */
    int exists() {
        int count = -1;
        for (String line : untagged) {
            Matcher m = EXISTS.matcher(line);
            if (m.matches()) {
                count = Integer.parseInt(m.group(1));
            }
        }
        return count;
    }

    /** Untagged lines of the last command's response. */
    List<String> untagged() {
        return untagged;
    }

    /** Accepts response lines up to {@code octets} long. */
    void allowLines(int octets) {
        connection.allowLines(octets);
    }

    /** Octets of literal content received since the client was opened (FETCH bodies and headers). */
    long literalOctets() {
        return literalOctets;
    }

    /** APPEND with a synchronizing literal; returns the new message's UID from APPENDUID (UIDPLUS, RFC 4315). */
    long append(String mailbox, byte[] message) throws IOException {
        return append(mailbox, "", message);
    }

    /** The same with flags, e.g. {@code (\Seen)} ("" for none). */
    long append(String mailbox, String flags, byte[] message) throws IOException {
        String t = nextTag();
        connection.write(t + " APPEND " + quoted(mailbox) + (flags.isEmpty() ? "" : " " + flags) + " {"
                + message.length + "}\r\n");
        connection.flush();
        String reply = connection.readLine();
        if (!reply.startsWith("+")) {
            throw new BenchException("IMAP APPEND: expected a continuation, got " + reply);
        }
        connection.write(message);
        connection.write("\r\n");
        connection.flush();
        String ok = readTagged(t, "APPEND");
        Matcher m = APPENDUID.matcher(ok);
        if (!m.find()) {
            throw new BenchException("IMAP APPEND: no APPENDUID in " + ok);
        }
        return Long.parseLong(m.group(1));
    }

    /** Sends IDLE (RFC 2177) and waits for the continuation; returns the tag to end it with {@link #done}. */
    String startIdle() throws IOException {
        String t = nextTag();
        untagged.clear();
        connection.write(t + " IDLE\r\n");
        connection.flush();
        while (true) {
            String line = connection.readLine();
            if (line.startsWith("+")) {
                return t;
            }
            if (!line.startsWith("*")) {
                throw new BenchException("IMAP IDLE: expected a continuation, got " + line);
            }
        }
    }

    /** Ends IDLE: DONE, then the IDLE command's tagged OK. */
    void done(String idleTag) throws IOException {
        connection.write("DONE\r\n");
        connection.flush();
        readTagged(idleTag, "IDLE");
    }

    /** LOGOUT: expects BYE and the tagged OK. */
    void logout() throws IOException {
        command("LOGOUT");
    }

    private String readTagged(String t, String command) throws IOException {
        untagged.clear();
        String prefix = t + " ";
        while (true) {
            String line = readResponseLine();
            if (line.startsWith(prefix)) {
                if (!line.startsWith(prefix + "OK")) {
                    throw new BenchException("IMAP " + firstWord(command) + ": " + line);
                }
                return line;
            }
            if (line.startsWith("+")) {
                throw new BenchException("IMAP " + firstWord(command) + ": unexpected continuation " + line);
            }
            untagged.add(line);
        }
    }

    /** One response line; each literal {@code {n}} at a line end is skipped and the line continued after it. */
    private String readResponseLine() throws IOException {
        String line = connection.readLine();
        Matcher m = LITERAL.matcher(line);
        if (!m.find()) {
            return line;
        }
        StringBuilder whole = new StringBuilder(line);
        do {
            long size = Long.parseLong(m.group(1));
            connection.skip(size);
            literalOctets += size;
            String rest = connection.readLine();
            whole.append(rest);
            m = LITERAL.matcher(rest);
        } while (m.find());
        return whole.toString();
    }

    private String nextTag() {
        return "b" + (++tag);
    }

    private static String firstWord(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
