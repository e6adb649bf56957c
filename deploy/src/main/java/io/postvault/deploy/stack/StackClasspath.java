package io.postvault.deploy.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jars of the processes the stack starts. The build of this module resolves them (as
 * dependencies of maven-antrun-plugin, never of the project) and packages their absolute paths
 * in the local Maven repository as {@code postvault-stack/NAME.classpath}, one per line.
 */
public final class StackClasspath {

    private StackClasspath() {
    }

    /** The jars of the Kafka broker (kafka_2.13, kafka-storage, kafka-tools, slf4j-simple and their dependencies). */
    public static List<Path> kafka() {
        return read("kafka");
    }

    /** The S3Proxy jar-with-dependencies. */
    public static Path s3proxy() {
        return read("s3proxy").get(0);
    }

    static List<Path> read(String name) {
        String resource = "postvault-stack/" + name + ".classpath";
        try (InputStream in = StackClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException(resource + " is missing from the classpath: build the deploy module"
                        + " (./mvnw -pl deploy install)");
            }
            List<Path> jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .map(Path::of)
                    .collect(Collectors.toList());
            List<Path> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).collect(Collectors.toList());
            if (jars.isEmpty() || !missing.isEmpty()) {
                throw new StackException("the " + name + " jars listed in " + resource + " are not in the local"
                        + " Maven repository (missing: " + (jars.isEmpty() ? "all" : missing.get(0)) + "):"
                        + " rebuild the deploy module (./mvnw -pl deploy install) to download them again");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String joined(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
