package io.postvault.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.CannedBackup;
import io.postvault.gateway.upstream.CannedMessage;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: Debian's chromium, headless, driven by playwright-core
 * (src/test/browser/console.mjs) against this gateway and the UpstreamStubs. A postmaster logs in, reads the gauge
 * and its chart, creates an account, deletes another (confirming the warning), makes an account a domain admin, edits,
 * revokes and gives a user's rights on a shared account, downloads an account's backup ZIP, searches the history,
 * downloads a message, restores it, switches to French and logs out; then the platform admin changes the plan. Screenshots of each page go to target/console-screenshots (not committed). Needs /usr/bin/chromium and
 * {@code npm ci} in src/test/browser (both done by .ci/run).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class ConsoleBrowserTest {

    static final Path SCRIPT_DIR = Path.of("src/test/browser");
    static final Path SHOTS = Path.of("target/console-screenshots");

    @TestHTTPResource("/")
    URL console;
    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    @Test
    void aPostmasterUsesTheConsole() throws IOException, InterruptedException {
        assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core")).as("run npm ci in %s", SCRIPT_DIR).isDirectory();
        Files.createDirectories(SHOTS);
        Process node = new ProcessBuilder(List.of("node", "console.mjs", console.toString(),
                SHOTS.toAbsolutePath().toString(), UpstreamStubs.PASSWORD, Callers.ADMIN_TOKEN))
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
        boolean ended = node.waitFor(180, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            node.destroyForcibly();
        }
        assertThat(ended && node.exitValue() == 0).as("console.mjs:\n%s", output).isTrue();
        String[] lines = output.strip().split("\n");
        JsonNode seen = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertThat(seen.path("domainTitle").asText()).isEqualTo("console.example");
        assertThat(seen.path("occupied").asText()).isEqualTo("1 MB");
        assertThat(seen.path("archives").asText()).isEqualTo("3 MB");
        assertThat(seen.path("snapshot").asText()).startsWith("Snapshot taken at");
        assertThat(seen.path("chartBars").asInt()).isEqualTo(4); // two days, occupied + archives each
        assertThat(seen.path("accounts").toString()).contains("alice@console.example", "carol@console.example");
        assertThat(seen.path("error").asBoolean()).isFalse();
        assertThat(StubHits.of(stub, "/internal/domains/console.example/accounts").body())
                .contains("\"localPart\":\"dave\"").contains("\"kind\":\"PERSONAL\"");
        assertThat(StubHits.of(stub, "/internal/domains/console.example/accounts/alice").count()).isEqualTo(1);
        assertThat(StubHits.of(stub, "/internal/domains/console.example/accounts/carol/role").body())
                .isEqualTo("{\"role\":\"DOMAIN_ADMIN\"}");
        assertThat(seen.path("sharedUsers").toString()).contains("alice@console.example", "carol@console.example");
        assertThat(seen.path("aliceRights").asText()).isEqualTo("lr");
        String acl = "/internal/accounts/bob@console.example/acl/";
        assertThat(StubHits.of(stub, acl + "alice@console.example").body()).isEqualTo("{\"rights\":\"lrsw\"}");
        assertThat(StubHits.of(stub, acl + "carol@console.example").count()).as("revoked, then given").isEqualTo(2);
        assertThat(StubHits.of(stub, acl + "carol@console.example").body()).isEqualTo("{\"rights\":\"lr\"}");
        assertThat(seen.path("sharedError").asBoolean()).isFalse();
        assertThat(seen.path("planFormShown").asBoolean()).as("the plan form, to a postmaster").isFalse();
        assertThat(seen.path("planFormShownToAdmin").asBoolean()).isTrue();
        assertThat(StubHits.of(stub, "/internal/domains/console.example/plan").body())
                .isEqualTo("{\"quotaBytes\":20000000000}");
        assertThat(seen.path("total").asText()).isEqualTo("1 found");
        assertThat(seen.path("hit").asText()).isEqualTo("Quarterly invoice");
        assertThat(seen.path("snippetMark").asText()).isEqualTo("invoice");
        assertThat(seen.path("emlName").asText()).isEqualTo(UpstreamStubs.ENTRY_ID + ".eml");
        assertThat(seen.path("emlBytes").asLong()).isEqualTo(CannedMessage.SIZE);
        assertThat(seen.path("backupName").asText()).isEqualTo("backup-carol@console.example-20261127T100000Z.zip");
        assertThat(seen.path("backupBytes").asLong()).isEqualTo(CannedBackup.ZIP.length);
        assertThat(Files.readAllBytes(SHOTS.resolve("downloaded-backup.zip"))).isEqualTo(CannedBackup.ZIP);
        assertThat(seen.path("backupStatus").asText()).startsWith("Backup of carol@console.example: ");
        assertThat(seen.path("restored").asText()).isEqualTo("Restored to Restored");
        assertThat(StubHits.of(stub, "/internal/accounts/alice@console.example/archive/" + UpstreamStubs.ENTRY_ID
                + "/restore").count()).isEqualTo(1);
        assertThat(seen.path("french").asText()).isEqualTo("Espace occupé");
        assertThat(seen.path("loggedOut").asBoolean()).isTrue();
        assertThat(SHOTS.resolve("2-domain.png")).isNotEmptyFile();
    }
}
