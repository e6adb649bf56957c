package io.postvault.bench;

import java.util.Properties;

/**
 * One timed phase against one server: the operations done, wall time, latency percentiles (per delivery for LMTP, per
 * session for POP3) and the CPU time of the server processes, their backing processes and the load generator.
 */
record PhaseResult(String phase, long operations, long sessions, long octets, double seconds, double p50Millis,
        double p90Millis, double p99Millis, double maxMillis, long serverCpuMillis, long backingCpuMillis,
        long clientCpuMillis) {

    double perSecond() {
        return operations / seconds;
    }

    /** Server CPU milliseconds per operation. */
    double serverCpuPerOp() {
        return serverCpuMillis / (double) operations;
    }

    /** Server plus backing processes (database, object store, broker) CPU milliseconds per operation. */
    double systemCpuPerOp() {
        return (serverCpuMillis + backingCpuMillis) / (double) operations;
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
        out.setProperty(p + "backing-cpu-ms", Long.toString(backingCpuMillis));
        out.setProperty(p + "client-cpu-ms", Long.toString(clientCpuMillis));
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
                Long.parseLong(in.getProperty(p + "backing-cpu-ms")), Long.parseLong(in.getProperty(p + "client-cpu-ms")));
    }
}
