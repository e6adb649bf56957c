package io.postvault.protocol.submission;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the test smarthost ({@link SmarthostSink}) once per test JVM and points the application's relay at it, so
 * the submission server the application starts relays to the sink.
 */
public class SmarthostTestResource implements QuarkusTestResourceLifecycleManager {

    private static SmarthostSink sink;

    /** The running sink. */
    public static synchronized SmarthostSink sink() {
        if (sink == null) {
            sink = new SmarthostSink().start(0);
        }
        return sink;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("postvault.submission.relay.host", "localhost", // the name in the sink's certificate
                "postvault.submission.relay.port", String.valueOf(sink().port()));
    }

    @Override
    public void stop() {
        // the sink lives as long as the JVM: other test classes may share the application
    }
}
