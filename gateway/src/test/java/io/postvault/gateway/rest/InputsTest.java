package io.postvault.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputsTest {

    @ParameterizedTest
    @CsvSource({"Example.COM,example.com", "example.com.,example.com", "xn--bcher-kva.example,xn--bcher-kva.example",
            "a-b.c-d.io,a-b.c-d.io"})
    void canonicalDomains(String input, String canonical) {
        assertThat(Inputs.domain("name", input)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "-a.com", "a-.com", "a..com", "a_b.com", "10.0.0.1", "a.b c",
            "é.com"})
    void refusedDomains(String input) {
        assertThatThrownBy(() -> Inputs.domain("name", input)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("name"));
    }

    @Test
    void domainsOfAtMost253Characters() {
        String label = "a".repeat(63);
        String longest = String.join(".", label, label, label, "a".repeat(61)); // 253
        assertThat(Inputs.domain("name", longest)).hasSize(253);
        assertThatThrownBy(() -> Inputs.domain("name", "a" + longest)).isInstanceOf(InvalidInput.class);
    }

    @ParameterizedTest
    @CsvSource({"Alice@Example.com,alice@example.com", "first.last+tag@example.com,first.last+tag@example.com",
            "o'brien@example.ie,o'brien@example.ie"})
    void canonicalAddresses(String input, String canonical) {
        assertThat(Inputs.address("address", input)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "@example.com", "alice@", "a..b@example.com", ".a@example.com",
            "alice@localhost", "al ice@example.com", "a\"b@example.com"})
    void refusedAddresses(String input) {
        assertThatThrownBy(() -> Inputs.address("address", input)).isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("address: ");
    }

    @Test
    void localPartsOfAtMost64Characters() {
        assertThat(Inputs.localPart("localPart", "a".repeat(64))).hasSize(64);
        assertThatThrownBy(() -> Inputs.localPart("localPart", "a".repeat(65))).isInstanceOf(InvalidInput.class);
    }

    @ParameterizedTest
    @CsvSource({"lrswipkxtea,lrswipkxtea", "aetxkpiwsrl,lrswipkxtea", "srl,lrs", "ll,l"})
    void rightsInCanonicalOrder(String input, String canonical) {
        assertThat(Inputs.rights("rights", input)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "lrc", "lrd", "LR", "l r", "lr\u00e9"})
    void refusedRights(String input) {
        assertThatThrownBy(() -> Inputs.rights("rights", input)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("rights"));
    }

    @Test
    void sizesPasswordsTimesAndChoices() {
        assertThat(Inputs.bytes("quotaBytes", null, false)).isNull();
        assertThat(Inputs.bytes("quotaBytes", 1L, true)).isEqualTo(1L);
        assertThatThrownBy(() -> Inputs.bytes("quotaBytes", null, true)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Inputs.bytes("quotaBytes", 0L, false)).isInstanceOf(InvalidInput.class);
        assertThat(Inputs.password("password", "12345678")).isEqualTo("12345678");
        assertThatThrownBy(() -> Inputs.password("password", "1234567")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Inputs.password("password", " ".repeat(9))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Inputs.password("password", "x".repeat(1025))).isInstanceOf(InvalidInput.class);
        assertThat(Inputs.instant("after", "2026-01-31T12:00:00Z")).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(Inputs.instant("after", "")).isNull();
        assertThatThrownBy(() -> Inputs.instant("after", "2026-01-31")).isInstanceOf(InvalidInput.class);
        assertThat(Inputs.oneOf("kind", "shared", true, "PERSONAL", "SHARED")).isEqualTo("SHARED");
        assertThat(Inputs.oneOf("role", null, false, "USER", "DOMAIN_ADMIN")).isNull();
        assertThatThrownBy(() -> Inputs.oneOf("kind", null, true, "PERSONAL", "SHARED"))
                .hasMessage("kind: required: PERSONAL or SHARED");
        assertThat(Inputs.limit("limit", "500", 500)).isEqualTo(500);
        assertThatThrownBy(() -> Inputs.limit("limit", "1e3", 500)).isInstanceOf(InvalidInput.class);
        assertThat(Inputs.id("id", "0190F5B2-7C1A-7D3E-9A4B-1C2D3E4F5A6B"))
                .isEqualTo("0190f5b2-7c1a-7d3e-9a4b-1c2d3e4f5a6b");
        assertThatThrownBy(() -> Inputs.id("id", "../../etc")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Inputs.cursor("cursor", "a b")).isInstanceOf(InvalidInput.class);
    }
}
