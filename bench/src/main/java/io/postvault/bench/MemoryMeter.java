package io.postvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Memory of process trees: the sum of the proportional set size ({@code Pss} in {@code /proc/PID/smaps_rollup}) over
 * each root and its live descendants (for Dovecot: master, login, imap and imap-hibernate processes; for PostVault: the
 * JVM). PSS splits a page shared by k processes into k parts, so Dovecot's many processes of one binary are not
 * counted k times over, as a sum of RSS would; for a single process it equals its RSS.
 */
final class MemoryMeter {

    private final List<Long> roots;

    MemoryMeter(List<Long> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Proportional set size in KiB of the trees, and how many processes they have now. */
    Reading read() {
        Set<Long> pids = new LinkedHashSet<>();
        for (long root : roots) {
            pids.add(root);
            ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        }
        long kib = 0;
        int processes = 0;
        for (long pid : pids) {
            try {
                kib += parsePssKib(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")));
                processes++;
            } catch (IOException e) {
                // the process exited between the listing and the read: it holds no memory any more
            }
        }
        return new Reading(kib, processes);
    }

    static long parsePssKib(String smapsRollup) {
        for (String line : smapsRollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").trim());
            }
        }
        return 0; // zombies have no mappings
    }

    record Reading(long kib, int processes) {
    }
}
