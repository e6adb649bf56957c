package io.postvault.protocol.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "EXAMPLE.Com., example.com",
        "mail.sub-domain.example.org, mail.sub-domain.example.org",
        "xn--mnchen-3ya.de, xn--mnchen-3ya.de",
        "' a1.io ', a1.io"})
    void validDomainsAreLowerCased(String input, String canonical) {
        assertThat(Names.domain(input)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "-bad.example", "bad-.example", "under_score.example", "a..b",
        "münchen.de", "example.123", "with space.example"})
    void invalidDomainsAreRefusedNamingTheField(String input) {
        assertThatThrownBy(() -> Names.domain(input)).isInstanceOfSatisfying(StoreProblem.InvalidInput.class,
                e -> assertThat(e.field()).isEqualTo("name"));
    }

    @ParameterizedTest
    @CsvSource({"Alice, alice", "first.last, first.last", "a+tag, a+tag", "o'neil, o'neil"})
    void validLocalParts(String input, String canonical) {
        assertThat(Names.localPart(input)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".lead", "trail.", "two..dots", "sp ace", "at@sign", "quote\"d", "ünï"})
    void invalidLocalParts(String input) {
        assertThatThrownBy(() -> Names.localPart(input)).isInstanceOf(StoreProblem.InvalidInput.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 1025})
    void passwordLengthIsChecked(int length) {
        assertThatThrownBy(() -> Names.password("p".repeat(length))).isInstanceOf(StoreProblem.InvalidInput.class);
    }
}
