package io.postvault.protocol.account;

/**
 * A set of RFC 4314 access rights, kept in the canonical order {@code lrswipkxtea}: l lookup, r read, s keep \Seen,
 * w write other flags, i insert, p post, k create folders, x delete folders, t delete messages, e expunge,
 * a administer. The obsolete RFC 2086 letters c and d are refused: this server announces {@code RIGHTS=texk}.
 */
public record Rights(String letters) {

    /** Every right, in canonical order. */
    public static final String ALL = "lrswipkxtea";

    public Rights {
        if (letters == null || letters.isEmpty()) {
            throw new StoreProblem.InvalidInput("rights", "at least one right among " + ALL + " is required");
        }
        StringBuilder canonical = new StringBuilder();
        for (char right : ALL.toCharArray()) {
            if (letters.indexOf(right) >= 0) {
                canonical.append(right);
            }
        }
        for (char given : letters.toCharArray()) {
            if (ALL.indexOf(given) < 0) {
                throw new StoreProblem.InvalidInput("rights", "'" + given + "' is not a right (RFC 4314 letters "
                        + ALL + "; the obsolete c and d are not accepted)");
            }
        }
        letters = canonical.toString();
    }

    public boolean has(char right) {
        return letters.indexOf(right) >= 0;
    }

    @Override
    public String toString() {
        return letters;
    }
}
