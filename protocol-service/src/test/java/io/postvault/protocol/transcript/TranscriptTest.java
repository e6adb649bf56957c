package io.postvault.protocol.transcript;

import io.postvault.protocol.fake.TestServers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script under transcripts/lmtp and transcripts/pop3, each on its own servers over a fresh fake store. */
class TranscriptTest {

    static Stream<String> scripts() throws IOException, URISyntaxException {
        return Stream.concat(list("lmtp"), list("pop3"));
    }

    private static Stream<String> list(String protocol) throws IOException, URISyntaxException {
        Path folder = Path.of(TranscriptTest.class.getResource("/transcripts/" + protocol).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> protocol + "/" + p.getFileName()).filter(n -> n.endsWith("." + protocol)).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void transcript(String name) throws Exception {
        Path file = Path.of(TranscriptTest.class.getResource("/transcripts/" + name).toURI());
        List<String> script = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (TestServers servers = new TestServers(TranscriptRunner.config(script))) {
            new TranscriptRunner(servers.store, port -> switch (port) {
                case "lmtp" -> servers.lmtp.port();
                case "pop3" -> servers.pop3.port();
                case "pop3s" -> servers.pop3.tlsPort();
                default -> throw new IllegalArgumentException(port);
            }).run(script);
        }
    }
}
