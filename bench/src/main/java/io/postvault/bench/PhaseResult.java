package io.postvault.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One timed phase against one server: the operations done, wall time, latency percentiles (per delivery for LMTP, per
 * session for POP3) and the CPU time of the server processes, their backing processes and the load generator.
 */
record PhaseResult(String phase, long operations, long sessions, long octets, double seconds, double p50Millis,
        double p90Millis, double p99Millis, double maxMillis, long serverCpuMillis, Map<String, Long> backingCpuByName,
        long clientCpuMillis, long startEpochMillis, long endEpochMillis) {

    PhaseResult {
        backingCpuByName = Collections.unmodifiableMap(new LinkedHashMap<>(backingCpuByName));
    }

    /** CPU milliseconds of all backing process trees together. */
    long backingCpuMillis() {
        return backingCpuByName.values().stream().mapToLong(Long::longValue).sum();
    }

    double perSecond() {
        return operations / seconds;
    }

    /** Server CPU milliseconds per operation. */
    double serverCpuPerOp() {
        return serverCpuMillis / (double) operations;
    }

    /** Server plus backing processes (database, object store, broker) CPU milliseconds per operation. */
    double systemCpuPerOp() {
        return (serverCpuMillis + backingCpuMillis()) / (double) operations;
    }

    void store(Properties out) {
        String p = phase + ".";
        out.setProperty(p + "operations", Long.toString(operations));
        out.setProperty(p + "sessions", Long.toString(sessions));
        out.setProperty(p + "octets", Long.toString(octets));
        out.setProperty(p + "seconds", Double.toString(seconds));
        out.setProperty(p + "p50-ms", Double.toString(p50Millis));
        out.setProperty(p + "p90-ms", Double.toString(p90Millis));
        out.setProperty(p + "p99-ms", Double.toString(p99Millis));
        out.setProperty(p + "max-ms", Double.toString(maxMillis));
        out.setProperty(p + "server-cpu-ms", Long.toString(serverCpuMillis));
        out.setProperty(p + "backing", String.join(",", backingCpuByName.keySet()));
        backingCpuByName.forEach((name, millis) -> out.setProperty(p + "backing." + name + "-cpu-ms", Long.toString(millis)));
        out.setProperty(p + "client-cpu-ms", Long.toString(clientCpuMillis));
        out.setProperty(p + "start-epoch-ms", Long.toString(startEpochMillis));
        out.setProperty(p + "end-epoch-ms", Long.toString(endEpochMillis));
    }

    static PhaseResult load(Properties in, String phase) {
        String p = phase + ".";
        if (in.getProperty(p + "operations") == null) {
            throw new IllegalArgumentException("no " + phase + " phase in the result file");
        }
        return new PhaseResult(phase, Long.parseLong(in.getProperty(p + "operations")),
                Long.parseLong(in.getProperty(p + "sessions")), Long.parseLong(in.getProperty(p + "octets")),
                Double.parseDouble(in.getProperty(p + "seconds")), Double.parseDouble(in.getProperty(p + "p50-ms")),
                Double.parseDouble(in.getProperty(p + "p90-ms")), Double.parseDouble(in.getProperty(p + "p99-ms")),
                Double.parseDouble(in.getProperty(p + "max-ms")), Long.parseLong(in.getProperty(p + "server-cpu-ms")),
                backing(in, p), Long.parseLong(in.getProperty(p + "client-cpu-ms")),
                Long.parseLong(in.getProperty(p + "start-epoch-ms", "0")),
                Long.parseLong(in.getProperty(p + "end-epoch-ms", "0")));
    }

    private static Map<String, Long> backing(Properties in, String p) {
        Map<String, Long> byName = new LinkedHashMap<>();
        String names = in.getProperty(p + "backing", "");
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                byName.put(name, Long.parseLong(in.getProperty(p + "backing." + name + "-cpu-ms")));
            }
        }
        return byName;
    }
}
