package io.postvault.protocol.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RightsTest {

    @Test
    void lettersAreKeptOnceInCanonicalOrder() {
        Rights rights = new Rights("aelrrs");
        assertThat(rights.letters()).isEqualTo("lrsea");
        assertThat(rights.has('e')).isTrue();
        assertThat(rights.has('w')).isFalse();
        assertThat(new Rights("aetxkpiwsrl").letters()).isEqualTo(Rights.ALL);
    }

    @Test
    void unknownObsoleteOrNoLettersAreRefused() {
        assertThatThrownBy(() -> new Rights("lrc")).isInstanceOf(StoreProblem.InvalidInput.class)
                .hasMessageContaining("'c' is not a right");
        assertThatThrownBy(() -> new Rights("L")).isInstanceOf(StoreProblem.InvalidInput.class);
        assertThatThrownBy(() -> new Rights("")).isInstanceOf(StoreProblem.InvalidInput.class)
                .hasMessageContaining("at least one right");
        assertThatThrownBy(() -> new Rights(null)).isInstanceOf(StoreProblem.InvalidInput.class);
    }
}
