package io.postvault.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * PostgreSQL from the machine's server binaries (Debian package {@code postgresql}): a private
 * cluster under {@code BASE/postgres/data}, trust authentication on 127.0.0.1, database
 * {@code postvault}. As root, the cluster belongs to the {@code postgres} user.
 */
public final class PostgresServer implements StackComponent {

    public static final String NAME = "postgres";
    public static final String DATABASE = "postvault";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";
    static final String PG_BIN_ENV = "POSTVAULT_PG_BIN";
    private static final String OS_USER = "postgres";

    private final StackLayout layout;
    private final int port;
    private final String pgBinOverride;
    private final Duration timeout;
    private final List<String> settings;

    public PostgresServer(StackLayout layout, int port, String pgBinOverride, Duration timeout) {
        this(layout, port, pgBinOverride, timeout, List.of());
    }

    /**
     * @param settings server settings ({@code name=value}, no blanks) given to the server at start as {@code -c}
     *                 options: for measuring, e.g. {@code shared_preload_libraries=pg_stat_statements}
     */
    public PostgresServer(StackLayout layout, int port, String pgBinOverride, Duration timeout, List<String> settings) {
        for (String setting : settings) {
            if (!setting.matches("[a-z_.]+=[^\\s'\"]+")) {
                throw new IllegalArgumentException("not a PostgreSQL setting of the form name=value: " + setting);
            }
        }
        this.layout = layout;
        this.port = port;
        this.pgBinOverride = pgBinOverride;
        this.timeout = timeout;
        this.settings = List.copyOf(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private Path dir() {
        return layout.componentDir(NAME);
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    private Path socketDir() {
        Path socket = dir().resolve("socket");
        // A Unix socket path is limited to 107 bytes; keep well under it.
        return socket.toString().length() <= 80 ? socket : Path.of("/tmp");
    }

    @Override
    public void start() {
        Path bin = binDir(pgBinOverride);
        Processes.requirePortFree(port, "PostgreSQL");
        Path log = layout.logFile(NAME);
        try {
            Files.createDirectories(dataDir());
            Files.createDirectories(socketDir());
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            Processes.makeTraversable(dir());
            Files.setPosixFilePermissions(dataDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            if (Processes.isRoot()) {
                chownToPostgres(dir());
                chownToPostgres(dataDir());
                chownToPostgres(log);
                if (socketDir().startsWith(dir())) {
                    chownToPostgres(socketDir());
                }
                requireReachable();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir(), e);
        }
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
            int rc = Processes.run(asPostgres(bin.resolve("initdb").toString(), "-D", dataDir().toString(),
                    "-U", USERNAME, "--auth=trust", "-E", "UTF8", "--no-instructions"), dir(), log, Duration.ofMinutes(2));
            if (rc != 0) {
                throw new StackException("initdb failed (exit " + rc + ")" + Processes.tailHint(log));
            }
        }
        StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1 -k " + socketDir());
        settings.forEach(setting -> options.append(" -c ").append(setting));
        int rc = Processes.run(withSetsid(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(),
                "-l", log.toString(), "-w", "-t", Long.toString(timeout.toSeconds()), "-o", options.toString(), "start")),
                dir(), log, timeout.plusSeconds(10));
        if (rc != 0) {
            throw new StackException("PostgreSQL did not start on port " + port + " (pg_ctl exit " + rc + ")"
                    + Processes.tailHint(log));
        }
        postmasterPid().ifPresent(pid -> writePidFile(pid));
        waitForJdbcAndCreateDatabase(log);
    }

    private void waitForJdbcAndCreateDatabase(Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect("postgres");
                 Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                    if (!rs.next()) {
                        statement.execute("CREATE DATABASE " + DATABASE);
                    }
                }
                return;
            } catch (SQLException e) {
                last = e;
                Processes.sleep(200);
            }
        }
        throw new StackException("PostgreSQL on port " + port + " accepts no JDBC connection: "
                + (last == null ? "timeout" : last.getMessage()) + Processes.tailHint(log));
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USERNAME);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    @Override
    public void stop() {
        Optional<Long> pid = runningPid();
        if (pid.isEmpty()) {
            deletePidFile();
            return;
        }
        Path log = layout.logFile(NAME);
        int rc = -1;
        try {
            Path bin = binDir(pgBinOverride);
            rc = Processes.run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(),
                    "-m", "fast", "-w", "-t", "60", "stop"), dir(), log, Duration.ofSeconds(70));
        } catch (StackException e) {
            // fall through to signals
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get());
        if (rc != 0) {
            // pg_ctl unusable: SIGINT is PostgreSQL's fast shutdown, then SIGKILL.
            postmaster.ifPresent(handle -> {
                Processes.runQuietly(List.of("kill", "-INT", Long.toString(handle.pid())));
                Processes.terminate(handle, Duration.ofSeconds(30));
            });
        } else {
            // pg_ctl returns when postmaster.pid is gone, a moment before the process has exited.
            postmaster.filter(handle -> !Processes.awaitExit(handle, Duration.ofSeconds(10)))
                    .ifPresent(handle -> Processes.terminate(handle, Duration.ofSeconds(10)));
        }
        deletePidFile();
    }

    @Override
    public Optional<Long> runningPid() {
        return postmasterPid().filter(pid -> ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(Processes::commandLine)
                .filter(cmd -> cmd.contains("postgres"))
                .isPresent());
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = dataDir().resolve("postmaster.pid");
        try {
            if (!Files.isReadable(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream().findFirst().map(String::strip).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void writePidFile(long pid) {
        try {
            Files.createDirectories(layout.pidFile(NAME).getParent());
            Files.writeString(layout.pidFile(NAME), pid + "\n");
        } catch (IOException ignored) {
            // the postmaster.pid in the data folder stays the authority
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(layout.pidFile(NAME));
        } catch (IOException ignored) {
            // best effort
        }
    }

    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (Processes.isRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static List<String> withSetsid(List<String> command) {
        if (!Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            return command;
        }
        List<String> full = new ArrayList<>();
        full.add("/usr/bin/setsid");
        full.addAll(command);
        return full;
    }

    private void chownToPostgres(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(path, users.lookupPrincipalByName(OS_USER));
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(OS_USER));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new StackException("running as root, PostgreSQL must run as the user 'postgres', which does not"
                    + " exist: install the Debian package postgresql");
        }
    }

    private void requireReachable() {
        int rc = Processes.runQuietly(List.of("runuser", "-u", OS_USER, "--", "test", "-w", dataDir().toString(),
                "-a", "-x", dataDir().toString(), "-a", "-w", layout.logFile(NAME).toString()));
        if (rc != 0) {
            throw new StackException("the PostgreSQL data directory " + dataDir() + " is not reachable by the user"
                    + " 'postgres' (a parent folder is not traversable by other users, e.g. a checkout under /root"
                    + " with mode 700): set POSTVAULT_VAR_DIR to a folder it can reach, e.g. /var/tmp/postvault,"
                    + " or chmod o+x the parent folders");
        }
    }

    /** The PostgreSQL server binaries: {@code POSTVAULT_PG_BIN}, else the highest /usr/lib/postgresql/N/bin. */
    public static Path binDir(String override) {
        if (override != null && !override.isBlank()) {
            Path bin = Path.of(override);
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
                throw new StackException(PG_BIN_ENV + "=" + override + " holds no initdb / pg_ctl");
            }
            return bin;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> highest = versions
                        .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
                        .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getFileName().toString())));
                if (highest.isPresent()) {
                    return highest.get().resolve("bin");
                }
            } catch (IOException ignored) {
                // reported below
            }
        }
        throw new StackException("no PostgreSQL server binaries found (no initdb under /usr/lib/postgresql/*/bin):"
                + " install the Debian package postgresql (apt-get install postgresql) or set " + PG_BIN_ENV
                + " to the folder holding initdb and pg_ctl");
    }
}
