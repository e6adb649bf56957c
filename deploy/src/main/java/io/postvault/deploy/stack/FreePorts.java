package io.postvault.deploy.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for stacks and services started by tests, taken below the kernel's ephemeral range. A port the
 * kernel hands out for {@code bind(0)} lies inside that range, where every outgoing connection (Kafka, PostgreSQL,
 * S3 clients) also takes its local port: between the moment such a port is found free and the moment the service
 * binds it, an outgoing connection could take it, and the service fails with "Address already in use" (seen when
 * eight replicas started at once). Below the range only listeners compete, and each port is handed out once per JVM.
 */
final class FreePorts {

    /** Below the fixed ports of the local stack moved by the offsets the tests and benchmarks use (up to ~11,800). */
    private static final int LOWEST = 12_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 10_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** {@code count} distinct ports, free on 127.0.0.1 now, never handed out before by this JVM. */
    static synchronized int[] take(int count) {
        int highest = ephemeralLow() - 1;
        int[] ports = new int[count];
        int found = 0;
        for (int attempt = 0; found < count && attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                ports[found++] = port;
            }
        }
        if (found < count) {
            throw new StackException("cannot find " + count + " free ports between " + LOWEST + " and " + highest);
        }
        return ports;
    }

    /** The first port of the kernel's ephemeral range (Linux), or the IANA one (49152) where it cannot be read. */
    static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : 49_152;
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
