package io.postvault.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@code run}: {@code --name value} pairs, with defaults for the load parameters. */
record Options(String name, HostPort lmtp, HostPort pop3, List<String> users, String password, int clients,
        int messageSize, int lmtpWarmup, int lmtpMessages, int pop3Warmup, int pop3Batch, int pop3Window,
        List<Long> serverPids, Map<String, Long> backingPids, long ticksPerSecond, String out, long seed, int timeoutMillis) {

    static Options parse(List<String> args) {
        Map<String, String> values = pairs(args);
        Options options = new Options(required(values, "name"), HostPort.parse(required(values, "lmtp")),
                HostPort.parse(required(values, "pop3")), List.of(required(values, "users").split(",")),
                required(values, "password"), number(values, "clients", 4), number(values, "size", 10240),
                number(values, "lmtp-warmup", 3000), number(values, "lmtp-messages", 2000),
                number(values, "pop3-warmup", 100), number(values, "pop3-batch", 50), number(values, "pop3-window", 16),
                CpuMeter.parsePids(values.get("server-pids")), parseNamedPids(values.get("backing-pids")),
                number(values, "clk-tck", 100), required(values, "out"), number(values, "seed", 20261127),
                number(values, "timeout-ms", 60_000));
        if (options.users().size() != options.clients()) {
            throw new IllegalArgumentException("POP3 needs one account per client: " + options.clients()
                    + " clients, " + options.users().size() + " users");
        }
        return options;
    }

    /** {@code --key value} pairs, keyed without the dashes. */
    static Map<String, String> pairs(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (!key.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value, got " + key);
            }
            values.put(key.substring(2), args.get(++i));
        }
        return values;
    }

    /** {@code name=pid,name=pid} (the backing processes of a server, each measured with its descendants). */
    static Map<String, Long> parseNamedPids(String list) {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (list == null || list.isBlank()) {
            return pids;
        }
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=pid in --backing-pids, got " + item);
            }
            pids.put(item.substring(0, eq).trim(), Long.parseLong(item.substring(eq + 1).trim()));
        }
        return pids;
    }

    static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return value;
    }

    static int number(Map<String, String> values, String key, int fallback) {
        String value = values.get(key);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
