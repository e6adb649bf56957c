package io.postvault.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal IMAP client over implicit TLS for e2e stories: tagged commands, and literals read byte for byte. */
final class ImapSession implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final LineClient line;
    private int tag;

    private ImapSession(LineClient line) {
        this.line = line;
    }

    static ImapSession login(int tlsPort, String address, String password) throws Exception {
        ImapSession session = new ImapSession(LineClient.tls(tlsPort));
        String greeting = session.line.readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("greeting: " + greeting);
        }
        session.ok("LOGIN \"" + address + "\" \"" + password + "\"");
        return session;
    }

    /** Runs a command that must end in a tagged OK; returns its untagged lines (literals inlined as text). */
    List<String> ok(String command) throws IOException {
        List<String> lines = new ArrayList<>();
        String done = run(command, lines, new ByteArrayOutputStream());
        if (!done.startsWith("OK")) {
            throw new IOException(command + " -> " + done);
        }
        return lines;
    }

    /** The bytes of message {@code uid} of the selected folder, as the server sends them (BODY.PEEK[]). */
    byte[] body(long uid) throws IOException {
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        String done = run("UID FETCH " + uid + " (BODY.PEEK[])", new ArrayList<>(), literal);
        if (!done.startsWith("OK") || literal.size() == 0) {
            throw new IOException("no body for UID " + uid + ": " + done);
        }
        return literal.toByteArray();
    }

    /** Sends the command; collects untagged lines and the bytes of any literal; returns the tagged reply's text. */
    private String run(String command, List<String> lines, ByteArrayOutputStream literals) throws IOException {
        String t = "a" + (++tag);
        line.send(t + " " + command);
        while (true) {
            String reply = line.readLine();
            if (reply.startsWith(t + " ")) {
                return reply.substring(t.length() + 1);
            }
            Matcher literal = LITERAL.matcher(reply);
            if (literal.find()) {
                byte[] bytes = line.readBytes(Integer.parseInt(literal.group(1)));
                literals.writeBytes(bytes);
                reply = reply + new String(bytes, StandardCharsets.UTF_8) + line.readLine();
            }
            lines.add(reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            line.send("z LOGOUT");
        } finally {
            line.close();
        }
    }
}
