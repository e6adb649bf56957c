package io.postvault.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the stack keeps its state: {@code BASE/NAME/} for each component's data,
 * {@code BASE/log/NAME.log} and {@code BASE/run/NAME.pid}.
 */
public record StackLayout(Path base) {

    public StackLayout {
        base = base.toAbsolutePath().normalize();
    }

    public Path componentDir(String name) {
        return base.resolve(name);
    }

    public Path logFile(String name) {
        return base.resolve("log").resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return base.resolve("run").resolve(name + ".pid");
    }

    /** Creates the base, log and run folders (mode 755, so the postgres user can traverse them). */
    public void createDirectories() {
        try {
            for (Path dir : new Path[] {base, base.resolve("log"), base.resolve("run")}) {
                Files.createDirectories(dir);
                Processes.makeTraversable(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + base, e);
        }
    }
}
