package io.postvault.deploy.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        int[] first = Processes.freePorts(50);
        int[] all = IntStream.concat(Arrays.stream(first), Arrays.stream(Processes.freePorts(50))).toArray();
        assertEquals(100, Arrays.stream(all).distinct().count(), "never the same port twice in a JVM");
        int highest = FreePorts.ephemeralLow() - 1;
        for (int port : all) {
            assertTrue(port >= 12_000 && port <= highest, port + " outside 12000.." + highest);
        }
        for (int port : first) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                assertEquals(port, socket.getLocalPort());
            }
        }
    }

    @Test
    void aPortInUseIsNotHandedOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", Processes.freePorts(1)[0]));
            for (int i = 0; i < 200; i++) {
                assertNotEquals(taken.getLocalPort(), Processes.freePorts(1)[0]);
            }
        }
    }
}
