package io.postvault.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 5256 section 2.1 base subject extraction, step by step, and the i;ascii-casemap order SORT compares with. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, nullValues = "NULL", value = {
        "NULL|",
        "|",
        "lunch|lunch",
        "Re: lunch|lunch",
        "RE:lunch|lunch",
        "re : lunch|lunch",
        "Fw: lunch|lunch",
        "FWD: lunch|lunch",
        "Re[2]: lunch|lunch",
        "Re [list]: lunch|lunch",
        "Re: Re: Fwd: lunch|lunch",
        "[list] lunch|lunch",
        "[list] Re: [other] fwd: lunch|lunch",
        "[a][b] Re: lunch|lunch",
        "[list]|[list]",
        "[list]   |[list]",
        "Re: [list]|[list]",
        "lunch (fwd)|lunch",
        "lunch (FWD)  (fwd) |lunch",
        "lunch(fwd)|lunch",
        "lunch (fwd) later|lunch (fwd) later",
        "[Fwd: lunch]|lunch",
        "Re: [FWD: Re: lunch (fwd)]|lunch",
        "[fwd: [fwd: lunch]]|lunch",
        "lunch \t  at\tnoon|lunch at noon",
        "  lunch|lunch",
        "Re: |",
        "Reply: lunch|Reply: lunch",
        "Fwx: lunch|Fwx: lunch",
        "Re lunch|Re lunch",
        "[unclosed Re: lunch|[unclosed Re: lunch",
        "=?UTF-8?Q?Re=3A_caf=C3=A9?=|café",
        "Re: =?UTF-8?B?bHVuY2g=?= (fwd)|lunch",
    })
    void baseSubject(String subject, String base) {
        assertThat(BaseSubject.of(subject)).isEqualTo(base == null ? "" : base);
    }

    @Test
    void foldedSubjectsCollapseToOneSpace() {
        assertThat(BaseSubject.of("Re: long\r\n  lunch\r\n\tbreak")).isEqualTo("long lunch break");
    }

    @Test
    void asciiCasemapOrdersLettersCaselessAndBeforeBracketsAndUnderscore() {
        List<String> words = new ArrayList<>(List.of("_under", "b", "[x]", "C", "a", "", "B", "ab", "é"));
        words.sort(AsciiCasemap.ORDER);
        assertThat(words).containsExactly("", "a", "ab", "b", "B", "C", "[x]", "_under", "é");
        assertThat(AsciiCasemap.compare("Lemon", "LEMON")).isZero();
        assertThat(AsciiCasemap.compare("lemon", "lemon tart")).isNegative();
    }
}
