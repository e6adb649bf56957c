package io.postvault.deploy.stack;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Child processes, pid files, ports and logs: the plumbing shared by the components. */
public final class Processes {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    /** The {@code java} executable of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Starts a long-running process detached in its own session ({@code setsid}, so a Ctrl-C in the
     * terminal does not reach it), stdin from /dev/null, stdout and stderr appended to the log file,
     * and its pid written to the pid file.
     */
    public static Process startDetached(List<String> command, Path workDir, Map<String, String> env,
                                        Path logFile, Path pidFile) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            Process process = builder.start();
            // setsid execs in place (a child of the JVM is no process-group leader): same pid.
            Files.writeString(pidFile, process.pid() + "\n");
            return process;
        } catch (IOException e) {
            throw new StackException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short command to completion, output appended to the log file; returns the exit code. */
    public static int run(List<String> command, Path workDir, Path logFile, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new StackException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s" + tailHint(logFile));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new StackException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs a short command and returns its exit code, output discarded. */
    public static int runQuietly(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The live process named in a pid file, if its command line contains {@code marker}. */
    /** Stops the process its pid file names (if it is still the one, by {@code marker}), then drops the pid file. */
    public static void stopFromPidFile(Path pidFile, String marker, Duration grace) {
        fromPidFile(pidFile, marker).ifPresent(handle -> terminate(handle, grace));
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort: a stale pid file is ignored by fromPidFile's marker check
        }
    }

    public static Optional<ProcessHandle> fromPidFile(Path pidFile, String marker) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(pidFile).strip();
            long pid = Long.parseLong(text.lines().findFirst().orElse("").strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> commandLine(handle).contains(marker));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The full command line of a process (from /proc, which works for other users' processes as root). */
    public static String commandLine(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return handle.info().commandLine().orElse("");
        }
    }

    /** Waits until the process has exited; false on timeout. */
    public static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited after {@code grace}. */
    public static void terminate(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's isAlive check
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            handle.destroyForcibly();
        }
    }

    /** Fails clearly when a TCP port on 127.0.0.1 cannot be bound. */
    public static void requirePortFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new StackException("port " + port + " (" + what + ") is already in use on 127.0.0.1"
                    + " — is another PostVault stack or server running? (deploy/local/postvault status;"
                    + " ss -ltnp 'sport = :" + port + "')");
        }
    }

    /** {@code count} distinct free TCP ports on 127.0.0.1, below the ephemeral range ({@link FreePorts}). */
    public static int[] freePorts(int count) {
        return FreePorts.take(count);
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path logFile, int lines) {
        if (!Files.isRegularFile(logFile)) {
            return "(no log at " + logFile + ")";
        }
        Deque<String> last = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(logFile, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
        return String.join("\n", last);
    }

    static String tailHint(Path logFile) {
        return "\n--- last lines of " + logFile + " ---\n" + tail(logFile, 30) + "\n---";
    }

    /** Gives a folder mode 755 (best effort), so that other users (postgres) may traverse it. */
    public static void makeTraversable(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // reported later, when the postgres user cannot reach the folder
        }
    }

    /** Sleeps, turning an interrupt into a StackException. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", new InterruptedIOException());
        }
    }

    /** Deletes a folder tree, best effort. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
