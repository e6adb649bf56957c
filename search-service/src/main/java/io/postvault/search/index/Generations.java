package io.postvault.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The index folder on disk: one sub-folder per generation ({@code gen-1}, {@code gen-2}, ...) and the file
 * {@code CURRENT} naming the generation the service serves. A reindex builds the next generation beside the current
 * one, then replaces {@code CURRENT} by an atomic rename: after a crash the service opens either the old generation or
 * the new one, whole, never a mix. Other generations (an unfinished rebuild, a replaced one) are deleted at start.
 */
final class Generations {

    private static final Logger LOG = Logger.getLogger(Generations.class);
    private static final Pattern NAME = Pattern.compile("gen-(\\d+)");
    private static final String CURRENT = "CURRENT";

    private final Path root;

    Generations(Path root) {
        this.root = root;
    }

    /** The folder of the current generation (a first, empty one when there is none yet). */
    Path current() {
        try {
            Files.createDirectories(root);
            Path pointer = root.resolve(CURRENT);
            if (Files.exists(pointer)) {
                String name = Files.readString(pointer, StandardCharsets.US_ASCII).strip();
                if (NAME.matcher(name).matches()) {
                    return Files.createDirectories(root.resolve(name));
                }
                LOG.warnf("%s names no generation (%s): starting an empty index", pointer, name);
            }
            Path first = next();
            makeCurrent(first);
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index folder " + root, e);
        }
    }

    /** A new, empty generation folder numbered after every existing one. */
    Path next() {
        long highest = generations().stream().mapToLong(Generations::number).max().orElse(0);
        try {
            return Files.createDirectories(root.resolve("gen-" + (highest + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points {@code CURRENT} at {@code generation} (written aside, then renamed over the old pointer). */
    void makeCurrent(Path generation) {
        try {
            Path aside = root.resolve(CURRENT + ".next");
            Files.writeString(aside, generation.getFileName().toString() + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(aside, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(aside, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch the search index to " + generation, e);
        }
    }

    /** Deletes every generation folder but {@code kept}. */
    void deleteAllBut(Path kept) {
        for (Path generation : generations()) {
            if (!generation.equals(kept)) {
                delete(generation);
            }
        }
    }

    static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot delete the old index generation %s: %s", folder, e.getMessage());
        }
    }

    private List<Path> generations() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(Path generation) {
        return Long.parseLong(generation.getFileName().toString().substring("gen-".length()));
    }
}
