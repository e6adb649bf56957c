package io.postvault.protocol.transcript;

import io.postvault.protocol.fake.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs a C:/S: transcript against live servers. Lines:
 * <ul>
 * <li>{@code # ...} comment (each script cites its RFC at the top); blank lines are ignored</li>
 * <li>{@code C: text} sent with CRLF; consecutive C: lines go out in one write (pipelining)</li>
 * <li>{@code S: text} one expected reply line; {@code {*}} matches any run of characters (the only wildcard);
 * {@code {=name}} matches a run of non-space characters and keeps it as {@code ${name}} for later lines</li>
 * <li>{@code !connect lmtp|pop3|pop3s|smtp|smtps [name]} opens (and switches to) a connection; {@code !use name} switches</li>
 * <li>{@code !starttls} upgrades the current connection (after the server's go-ahead)</li>
 * <li>{@code !closed} expects the server to close the current connection</li>
 * <li>{@code !account ADDRESS PASSWORD}, {@code !shared ADDRESS}, {@code !admin ADDRESS PASSWORD} (a domain
 * administrator), {@code !grant SHARED USER RIGHTS} (RFC 4314 letters), {@code !quota ADDRESS BYTES},
 * {@code !fail-deliveries on|off}, {@code !fail-deletes on|off}, {@code !sleep MILLIS}: set-up</li>
 * <li>{@code !config key=value}: server configuration (read by the test before the servers start)</li>
 * </ul>
 * Variables: {@code ${domain}} (unique per run, so scripts never share accounts), {@code ${b64:text}} (base64 of
 * text, {@code \0} for NUL).
 */
public final class TranscriptRunner {

    private static final Pattern B64 = Pattern.compile("\\$\\{b64:(.*?)}");
    /** The {@code !connect} names that speak TLS from the first byte. */
    private static final java.util.Set<String> IMPLICIT_TLS = java.util.Set.of("pop3s", "imaps", "smtps");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\*}|\\{=([a-z0-9]+)}");

    private final TestAccounts accounts;
    private final ToIntFunction<String> ports;
    private final String domain = "t" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, String> captured = new HashMap<>();
    private Connection current;

    /** @param ports the port of "lmtp", "pop3" or "pop3s" */
    public TranscriptRunner(TestAccounts accounts, ToIntFunction<String> ports) {
        this.accounts = accounts;
        this.ports = ports;
    }

    /** The {@code !config} lines of a script. */
    public static Map<String, String> config(List<String> script) {
        Map<String, String> config = new HashMap<>();
        for (String line : script) {
            if (line.startsWith("!config ")) {
                String[] kv = line.substring(8).trim().split("=", 2);
                config.put(kv[0], kv[1]);
            }
        }
        return config;
    }

    public void run(List<String> script) throws Exception {
        List<String> pending = new ArrayList<>();
        int number = 0;
        try {
            for (String raw : script) {
                number++;
                String line = substitute(raw);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("C:")) {
                    pending.add(line.length() > 3 ? line.substring(3) : "");
                    continue;
                }
                flush(pending);
                if (line.startsWith("S:")) {
                    String expected = line.length() > 3 ? line.substring(3) : "";
                    String actual = current.readLine();
                    if (actual == null) {
                        throw new AssertionError("line " + number + ": expected [" + expected + "] but the connection closed");
                    }
                    Map<String, String> captures = match(expected, actual);
                    if (captures == null) {
                        throw new AssertionError("line " + number + ": expected [" + expected + "] but got [" + actual + "]");
                    }
                    captured.putAll(captures);
                } else if (line.startsWith("!")) {
                    directive(line.substring(1).trim().split(" +"), number);
                } else {
                    throw new IllegalArgumentException("line " + number + ": not C:, S:, # or !: " + raw);
                }
            }
            flush(pending);
        } finally {
            for (Connection c : connections.values()) {
                c.socket.close();
            }
        }
    }

    private void directive(String[] words, int number) throws Exception {
        switch (words[0]) {
            case "connect" -> {
                current = new Connection(ports.applyAsInt(words[1]), IMPLICIT_TLS.contains(words[1]));
                connections.put(words.length > 2 ? words[2] : "main", current);
            }
            case "use" -> current = connections.get(words[1]);
            case "starttls" -> current.startTls();
            case "closed" -> {
                String line = current.readLine();
                if (line != null) {
                    throw new AssertionError("line " + number + ": expected the connection to close, got [" + line + "]");
                }
            }
            case "account" -> accounts.createAccount(words[1], words[2]);
            case "shared" -> accounts.createSharedAccount(words[1]);
            case "admin" -> accounts.createDomainAdmin(words[1], words[2]);
            case "grant" -> accounts.grant(words[1], words[2], words[3]);
            case "quota" -> accounts.setQuota(words[1], Long.parseLong(words[2]));
            case "fail-deliveries" -> accounts.failDeliveries(words[1].equals("on"));
            case "fail-deletes" -> accounts.failDeletes(words[1].equals("on"));
            case "sleep" -> Thread.sleep(Long.parseLong(words[1]));
            case "config" -> {
                // read before the servers start
            }
            default -> throw new IllegalArgumentException("line " + number + ": unknown directive " + words[0]);
        }
    }

    private void flush(List<String> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        pending.forEach(l -> out.append(l).append("\r\n"));
        current.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        current.out.flush();
        pending.clear();
    }

    private String substitute(String line) {
        String text = line.replace("${domain}", domain);
        for (Map.Entry<String, String> c : captured.entrySet()) {
            text = text.replace("${" + c.getKey() + "}", c.getValue());
        }
        Matcher m = B64.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String plain = m.group(1).replace("\\0", "\0");
            m.appendReplacement(out, Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean matches(String expected, String actual) {
        return match(expected, actual) != null;
    }

    /** The captured values when {@code actual} matches, else null. */
    static Map<String, String> match(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(expected);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start())));
            if (m.group(1) == null) {
                regex.append(".*");
            } else {
                regex.append("(\\S+?)");
                names.add(m.group(1));
            }
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher result = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!result.matches()) {
            return null;
        }
        Map<String, String> captures = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            captures.put(names.get(i), result.group(i + 1));
        }
        return captures;
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    private static final class Connection {
        Socket socket;
        InputStream in;
        OutputStream out;

        Connection(int port, boolean tls) throws Exception {
            Socket plain = new Socket("127.0.0.1", port);
            socket = tls ? trustAll().getSocketFactory().createSocket(plain, "localhost", port, true) : plain;
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void startTls() throws Exception {
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
        }

        /** One line without its CRLF, or null at end of stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                if (b == -1 && line.size() == 0) {
                    return null;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no reply within 10 s (read so far: [" + line + "])");
            } catch (IOException e) {
                if (line.size() == 0) {
                    return null; // reset by peer counts as closed
                }
                throw e;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
