package io.postvault.deploy.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster keeps its data across a stop and a start (initdb only the first time); settings reach the server. */
class PostgresServerTest {

    @Test
    void dataSurvivesARestart() throws Exception {
        Path base = Files.createTempDirectory("postvault-pg-test-");
        Processes.makeTraversable(base);
        StackLayout layout = new StackLayout(base);
        layout.createDirectories();
        PostgresServer postgres = new PostgresServer(layout, Processes.freePorts(1)[0], null, Duration.ofSeconds(60));
        try {
            postgres.start();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (v int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            long pid = postgres.runningPid().orElseThrow();
            postgres.stop();
            assertTrue(postgres.runningPid().isEmpty());
            assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "postmaster left");

            postgres.start();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME, "");
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        } finally {
            postgres.stop();
            Processes.deleteTree(base);
        }
    }

    @Test
    void settingsGivenAtStartAreInEffect() throws Exception {
        Path base = Files.createTempDirectory("postvault-pg-test-");
        Processes.makeTraversable(base);
        StackLayout layout = new StackLayout(base);
        layout.createDirectories();
        PostgresServer postgres = new PostgresServer(layout, Processes.freePorts(1)[0], null, Duration.ofSeconds(60),
                List.of("shared_preload_libraries=pg_stat_statements", "work_mem=7MB"));
        try {
            postgres.start();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME, "");
                 Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SHOW work_mem")) {
                    assertTrue(rs.next());
                    assertEquals("7MB", rs.getString(1));
                }
                try (ResultSet rs = statement.executeQuery("SHOW shared_preload_libraries")) {
                    assertTrue(rs.next());
                    assertEquals("pg_stat_statements", rs.getString(1));
                }
            }
        } finally {
            postgres.stop();
            Processes.deleteTree(base);
        }
    }

    @Test
    void aSettingThatIsNotNameEqualsValueIsRefused() {
        StackLayout layout = new StackLayout(Path.of("/nonexistent"));
        for (String bad : List.of("work_mem", "work_mem=7 MB", "work_mem='7MB'", "-c=x")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new PostgresServer(layout, 1, null, Duration.ofSeconds(1), List.of(bad)), bad);
        }
    }
}
