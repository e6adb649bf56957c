package io.postvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of process trees from {@code /proc/PID/stat}: for every live process of each tree, user + system time plus
 * the time of its children it has reaped (cutime + cstime). A child that exits between two readings moves its time
 * into its parent's counters, so the difference of two readings counts it once.
 */
final class CpuMeter {

    private final List<Long> roots;
    private final long ticksPerSecond;

    /** @param roots root process ids (their descendants are included); empty measures nothing */
    CpuMeter(List<Long> roots, long ticksPerSecond) {
        this.roots = List.copyOf(roots);
        this.ticksPerSecond = ticksPerSecond;
    }

    boolean isEmpty() {
        return roots.isEmpty();
    }

    /** CPU time in milliseconds consumed so far by the trees. */
    long cpuMillis() {
        Set<Long> pids = new LinkedHashSet<>();
        for (long root : roots) {
            pids.add(root);
            ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        }
        long ticks = 0;
        for (long pid : pids) {
            ticks += ticksOf(pid);
        }
        return ticks * 1000 / ticksPerSecond;
    }

    /** CPU time in milliseconds consumed so far by this JVM (the load generator). */
    static long selfCpuMillis(long ticksPerSecond) {
        return ticksOf(ProcessHandle.current().pid()) * 1000 / ticksPerSecond;
    }

    private static long ticksOf(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return 0; // the process exited between listing and reading: its parent counts it next time
        }
    }

    /** utime + stime + cutime + cstime from one {@code /proc/PID/stat} line (the command name may hold spaces). */
    static long parseTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14..17
        long total = 0;
        for (int field = 14; field <= 17; field++) {
            total += Long.parseLong(fields[field - 3]);
        }
        return total;
    }

    static List<Long> parsePids(String list) {
        List<Long> pids = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return pids;
        }
        Stream.of(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(pids::add);
        return pids;
    }
}
