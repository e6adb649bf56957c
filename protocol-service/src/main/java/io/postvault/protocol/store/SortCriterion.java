package io.postvault.protocol.store;

/** One SORT key (RFC 5256 section 3), optionally reversed. */
public record SortCriterion(Key key, boolean reverse) {

    /** ARRIVAL: internal date; DATE: the Date: header (internal date when absent); the others as RFC 5256 says. */
    public enum Key { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO }
}
