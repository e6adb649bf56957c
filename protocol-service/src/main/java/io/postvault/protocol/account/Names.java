package io.postvault.protocol.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and canonical (lower-case) forms of domain names, local parts and passwords. */
public final class Names {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** RFC 5322 dot-atom: atext runs separated by single dots. */
    private static final Pattern DOT_ATOM = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private Names() {
    }

    /** The canonical domain name (lower case, no trailing dot), or InvalidInput saying what is wrong. */
    public static String domain(String name) {
        if (name == null || name.isBlank()) {
            throw new StoreProblem.InvalidInput("name", "a domain name is required");
        }
        String canonical = name.trim().toLowerCase(Locale.ROOT);
        if (canonical.endsWith(".")) {
            canonical = canonical.substring(0, canonical.length() - 1);
        }
        if (canonical.length() > 253) {
            throw new StoreProblem.InvalidInput("name", "a domain name has at most 253 characters");
        }
        String[] labels = canonical.split("\\.", -1);
        if (labels.length < 2) {
            throw new StoreProblem.InvalidInput("name", "'" + name + "' is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new StoreProblem.InvalidInput("name", "'" + name + "' has an invalid label '" + label
                        + "' (letters, digits and inner hyphens, 1-63 characters; IDNs in their xn-- form)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new StoreProblem.InvalidInput("name", "'" + name + "' has a numeric top-level label");
        }
        return canonical;
    }

    /** The canonical local part (lower case), or InvalidInput. */
    public static String localPart(String localPart) {
        if (localPart == null || localPart.isBlank()) {
            throw new StoreProblem.InvalidInput("localPart", "a local part is required");
        }
        String canonical = localPart.trim().toLowerCase(Locale.ROOT);
        if (canonical.length() > 64) {
            throw new StoreProblem.InvalidInput("localPart", "a local part has at most 64 characters");
        }
        if (!DOT_ATOM.matcher(canonical).matches()) {
            throw new StoreProblem.InvalidInput("localPart", "'" + localPart
                    + "' is not a valid local part (letters, digits, !#$%&'*+/=?^_`{|}~- and single inner dots)");
        }
        return canonical;
    }

    public static String password(String password) {
        if (password == null) {
            throw new StoreProblem.InvalidInput("password", "a password is required");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new StoreProblem.InvalidInput("password",
                    "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (password.isBlank()) {
            throw new StoreProblem.InvalidInput("password", "a password cannot be blank");
        }
        return password;
    }

    public static long quota(String field, Long bytes, boolean required) {
        if (bytes == null) {
            if (required) {
                throw new StoreProblem.InvalidInput(field, "a quota in bytes is required");
            }
            return -1;
        }
        if (bytes < 1) {
            throw new StoreProblem.InvalidInput(field, "a quota is a positive number of bytes, not " + bytes);
        }
        return bytes;
    }

    public static io.postvault.events.data.AccountKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            throw new StoreProblem.InvalidInput("kind", "a kind is required: PERSONAL or SHARED");
        }
        try {
            return io.postvault.events.data.AccountKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreProblem.InvalidInput("kind", "'" + kind + "' is not a kind: PERSONAL or SHARED");
        }
    }

    public static Account.Role role(String role) {
        if (role == null || role.isBlank()) {
            return Account.Role.USER;
        }
        try {
            return Account.Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreProblem.InvalidInput("role", "'" + role + "' is not a role: USER or DOMAIN_ADMIN");
        }
    }
}
