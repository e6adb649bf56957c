package io.postvault.protocol.store;

import java.time.LocalDate;
import java.util.List;

/** A SEARCH criterion (RFC 3501 section 6.4.4) as typed values; message sets are already UID ranges. */
public sealed interface SearchKey {

    /** Every key must match (the top level of SEARCH, and parenthesised lists). */
    record And(List<SearchKey> keys) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    /** The message has (or, with {@code set} false, lacks) the flag or keyword. */
    record Flag(String flag, boolean set) implements SearchKey {
    }

    /** UIDs in the inclusive ranges {@code [from0, to0, from1, to1, ...]}. */
    record UidRanges(long[] ranges) implements SearchKey {
    }

    /** A header contains the text (case-insensitive); header is lower case. */
    record Header(String header, String text) implements SearchKey {
    }

    /** Internal date (day) compared with {@code date}: BEFORE (<), ON (=), SINCE (>=). */
    record InternalDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** Date: header (day) compared with {@code date}: SENTBEFORE, SENTON, SENTSINCE. */
    record SentDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** RFC822.SIZE larger ({@code larger} true) or smaller than {@code size}. */
    record Size(boolean larger, long size) implements SearchKey {
    }

    /** BODY (the decoded text parts) or, with {@code inHeaders}, TEXT (header fields too) contains the text. */
    record Text(String text, boolean inHeaders) implements SearchKey {
    }

    /** EMAILID (RFC 8474): the message's blob id starts with {@code blobIdPrefix}. */
    record EmailId(String blobIdPrefix) implements SearchKey {
    }

    /** MODSEQ at least {@code modseq}. */
    record ModSeq(long modseq) implements SearchKey {
    }

    enum Comparison { BEFORE, ON, SINCE }
}
