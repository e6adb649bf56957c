package io.postvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM's live heap, read with {@code jcmd}: what a server retains, without the garbage a collection would free. */
final class JvmHeap {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /** The heap in use in KiB after a full GC of the JVM {@code pid}, or -1 when {@code pid} is 0 (not a JVM). */
    static long liveKib(long pid) throws IOException, InterruptedException {
        if (pid <= 0) {
            return -1;
        }
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new BenchException("no heap usage in jcmd GC.heap_info of " + pid);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new BenchException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
