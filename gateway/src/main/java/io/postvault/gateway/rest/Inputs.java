package io.postvault.gateway.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validation of the public API's inputs, with the same rules as the owning services (protocol-service's
 * {@code Names}, archive-service's query parameters), so that a bad input is refused at the edge with the name of the
 * field. Each method returns the canonical form (lower case, trimmed) or throws {@link InvalidInput}.
 */
public final class Inputs {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** RFC 5322 dot-atom: atext runs separated by single dots. */
    private static final Pattern DOT_ATOM =
            Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    /** Longest free-text filter (an RFC 5322 line). */
    static final int MAX_TEXT = 998;
    static final int MAX_CURSOR = 512;
    /** Every RFC 4314 right, in canonical order. */
    static final String RIGHTS = "lrswipkxtea";

    private Inputs() {
    }

    public static String domain(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput(field, "a domain name is required");
        }
        String canonical = name.trim().toLowerCase(Locale.ROOT);
        if (canonical.endsWith(".")) {
            canonical = canonical.substring(0, canonical.length() - 1);
        }
        if (canonical.length() > 253) {
            throw new InvalidInput(field, "a domain name has at most 253 characters");
        }
        String[] labels = canonical.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidInput(field, "'" + name + "' is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidInput(field, "'" + name + "' has an invalid label '" + label
                        + "' (letters, digits and inner hyphens, 1-63 characters; IDNs in their xn-- form)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidInput(field, "'" + name + "' has a numeric top-level label");
        }
        return canonical;
    }

    public static String localPart(String field, String localPart) {
        if (localPart == null || localPart.isBlank()) {
            throw new InvalidInput(field, "a local part is required");
        }
        String canonical = localPart.trim().toLowerCase(Locale.ROOT);
        if (canonical.length() > 64) {
            throw new InvalidInput(field, "a local part has at most 64 characters");
        }
        if (!DOT_ATOM.matcher(canonical).matches()) {
            throw new InvalidInput(field, "'" + localPart
                    + "' is not a valid local part (letters, digits, !#$%&'*+/=?^_`{|}~- and single inner dots)");
        }
        return canonical;
    }

    /** An account address {@code local@domain}. */
    public static String address(String field, String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidInput(field, "an address is required");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new InvalidInput(field, "'" + address + "' is not an address (local-part@domain)");
        }
        try {
            return localPart(field, address.substring(0, at)) + "@" + domain(field, address.substring(at + 1));
        } catch (InvalidInput e) {
            throw new InvalidInput(field, "'" + address + "' is not a valid address: "
                    + e.getMessage().substring(field.length() + 2));
        }
    }

    public static String password(String field, String password) {
        if (password == null) {
            throw new InvalidInput(field, "a password is required");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidInput(field, "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (password.isBlank()) {
            throw new InvalidInput(field, "a password cannot be blank");
        }
        return password;
    }

    /**
     * RFC 4314 rights letters, in the canonical order {@link #RIGHTS} (as protocol-service's {@code Rights}): at least
     * one; the obsolete RFC 2086 c and d are refused.
     */
    public static String rights(String field, String letters) {
        if (letters == null || letters.isBlank()) {
            throw new InvalidInput(field, "at least one right among " + RIGHTS + " is required");
        }
        for (char given : letters.toCharArray()) {
            if (RIGHTS.indexOf(given) < 0) {
                throw new InvalidInput(field, "'" + given + "' is not a right (RFC 4314 letters " + RIGHTS
                        + "; the obsolete c and d are not accepted)");
            }
        }
        StringBuilder canonical = new StringBuilder();
        for (char right : RIGHTS.toCharArray()) {
            if (letters.indexOf(right) >= 0) {
                canonical.append(right);
            }
        }
        return canonical.toString();
    }

    /** A size in bytes: positive; null allowed only when not required. */
    public static Long bytes(String field, Long bytes, boolean required) {
        if (bytes == null) {
            if (required) {
                throw new InvalidInput(field, "a size in bytes is required");
            }
            return null;
        }
        if (bytes < 1) {
            throw new InvalidInput(field, "a positive number of bytes, not " + bytes);
        }
        return bytes;
    }

    /** One of {@code values} (case-insensitive), upper case; null when absent and not required. */
    public static String oneOf(String field, String value, boolean required, String... values) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidInput(field, "required: " + String.join(" or ", values));
            }
            return null;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        for (String allowed : values) {
            if (allowed.equals(upper)) {
                return upper;
            }
        }
        throw new InvalidInput(field, "'" + value + "' is not " + String.join(" or ", values));
    }

    /** An ISO-8601 UTC instant, or null when absent. */
    public static String instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim()).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "not an ISO-8601 UTC time (2026-01-31T12:00:00Z): " + value);
        }
    }

    /** Free text for a filter, or null when absent. */
    public static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidInput(field, "at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** An opaque cursor as a previous page gave it, or null when absent. */
    public static String cursor(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_CURSOR || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInput(field, "not a cursor of this API");
        }
        return value;
    }

    /** A page size from 1 to {@code max}, or null when absent. */
    public static Integer limit(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput(field, "a number from 1 to " + max + ", not " + value);
    }

    /** A required short name (1 to {@code max} characters, no control characters), trimmed. */
    public static String label(String field, String value, int max) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty() || trimmed.length() > max) {
            throw new InvalidInput(field, "a name of 1 to " + max + " characters is required");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(field, "no control characters");
        }
        return trimmed;
    }

    /** An ISO-8601 UTC instant after {@code now}, or null when absent. */
    public static Instant future(String field, String value, Instant now) {
        String instant = instant(field, value);
        if (instant == null) {
            return null;
        }
        Instant parsed = Instant.parse(instant);
        if (!parsed.isAfter(now)) {
            throw new InvalidInput(field, "must be in the future, not " + instant);
        }
        return parsed;
    }

    /** A UUID naming a {@code what}, canonical. */
    public static UUID uuid(String field, String value, String what) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "'" + value + "' is not " + what + " id (a UUID)");
        }
    }

    /** An archive entry id (a UUID), canonical. */
    public static String id(String field, String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "'" + value + "' is not an archive entry id (a UUID)");
        }
    }

    public static <T> T body(T body, String shape) {
        if (body == null) {
            throw new InvalidInput("body", "a JSON body " + shape + " is required");
        }
        return body;
    }
}
