package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FETCH / UID FETCH (RFC 3501 section 6.4.5): the set and the data items asked for (BINARY, BINARY.PEEK and BINARY.SIZE
 * of RFC 3516 / RFC 9051 included), and the CHANGEDSINCE and VANISHED modifiers (RFC 7162 sections 3.1.4 and 3.2.6).
 *
 * @param changedSince -1 when not given
 */
public record FetchCommand(boolean uid, SequenceSet set, List<Item> items, long changedSince, boolean vanished) {

    /** A data item. */
    public sealed interface Item {
    }

    /** FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BODY, UID, MODSEQ, EMAILID, THREADID. */
    public record Simple(String name) implements Item {
    }

    /**
     * BODY[section]<partial> (also RFC822 = BODY[], RFC822.HEADER = BODY.PEEK[HEADER], RFC822.TEXT = BODY[TEXT]).
     *
     * @param path   part numbers ("1.2" -> [1, 2]), empty for the whole message
     * @param text   "" (the whole part), HEADER, TEXT, MIME, HEADER.FIELDS, HEADER.FIELDS.NOT
     * @param fields the header names of HEADER.FIELDS[.NOT], upper case
     * @param offset partial start, -1 for none
     * @param length partial length
     * @param label  the name of the item in the response, e.g. "BODY[HEADER.FIELDS (SUBJECT)]" or "RFC822"
     */
    public record Section(boolean peek, int[] path, String text, List<String> fields, long offset, long length,
                          String label) implements Item {
    }

    /**
     * BINARY[part]<partial>, BINARY.PEEK[...] and BINARY.SIZE[part] (RFC 3516 section 4.2): a part with its
     * Content-Transfer-Encoding undone.
     *
     * @param path   part numbers, empty for the whole message
     * @param size   BINARY.SIZE: only the decoded size
     * @param offset partial start, -1 for none
     * @param label  the name of the item in the response, e.g. "BINARY[1.2]<0>" or "BINARY.SIZE[1]"
     */
    public record Binary(boolean peek, int[] path, boolean size, long offset, long length, String label)
            implements Item {
    }

    public static FetchCommand parse(ImapReader in, boolean uid) {
        in.sp();
        SequenceSet set = SequenceSet.parse(in.sequenceSet());
        in.sp();
        List<Item> items = new ArrayList<>();
        if (in.accept('(')) {
            do {
                items.add(item(in));
            } while (in.accept(' '));
            in.expect(')', ")");
        } else {
            String first = in.fetchAtt().toUpperCase(Locale.ROOT);
            switch (first) {
                case "ALL" -> items.addAll(simple("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
                case "FAST" -> items.addAll(simple("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
                case "FULL" -> items.addAll(simple("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"));
                default -> items.add(item(first, in));
            }
        }
        long changedSince = -1;
        boolean vanished = false;
        if (in.accept(' ')) {
            in.expect('(', "(");
            do {
                String modifier = in.atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        in.sp();
                        changedSince = in.modSequence();
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw new ImapSyntaxException("Unknown fetch modifier " + modifier);
                }
            } while (in.accept(' '));
            in.expect(')', ")");
            if (vanished && (!uid || changedSince < 0)) {
                throw new ImapSyntaxException("VANISHED needs UID FETCH with CHANGEDSINCE");
            }
        }
        in.end();
        if (uid && items.stream().noneMatch(i -> i instanceof Simple s && s.name().equals("UID"))) {
            items.add(0, new Simple("UID"));
        }
        if (changedSince >= 0 && !asks("MODSEQ", items)) {
            items.add(new Simple("MODSEQ"));
        }
        return new FetchCommand(uid, set, items, changedSince, vanished);
    }

    /** True when the simple item {@code name} is asked for. */
    public boolean asks(String name) {
        return asks(name, items);
    }

    private static boolean asks(String name, List<Item> items) {
        return items.stream().anyMatch(i -> i instanceof Simple s && s.name().equals(name));
    }

    private static List<Item> simple(String... names) {
        List<Item> out = new ArrayList<>();
        for (String n : names) {
            out.add(new Simple(n));
        }
        return out;
    }

    private static Item item(ImapReader in) {
        return item(in.fetchAtt().toUpperCase(Locale.ROOT), in);
    }

    private static Item item(String name, ImapReader in) {
        if (in.imap4rev2() && name.startsWith("RFC822") && !name.equals("RFC822.SIZE")) {
            // RFC 9051 appendix E: BODY[], BODY.PEEK[HEADER] and BODY[TEXT] replace them
            throw new ImapSyntaxException(name + " is not part of IMAP4rev2");
        }
        switch (name) {
            case "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "UID", "MODSEQ", "EMAILID",
                    "THREADID":
                return new Simple(name);
            case "RFC822":
                return new Section(false, new int[0], "", List.of(), -1, 0, "RFC822");
            case "RFC822.HEADER":
                return new Section(true, new int[0], "HEADER", List.of(), -1, 0, "RFC822.HEADER");
            case "RFC822.TEXT":
                return new Section(false, new int[0], "TEXT", List.of(), -1, 0, "RFC822.TEXT");
            case "BODY", "BODY.PEEK":
                if (!in.peekIs('[')) {
                    if (name.equals("BODY")) {
                        return new Simple("BODY");
                    }
                    throw new ImapSyntaxException("Expected [ after BODY.PEEK");
                }
                return section(in, name.equals("BODY.PEEK"));
            case "BINARY", "BINARY.PEEK", "BINARY.SIZE":
                return binary(in, name);
            default:
                throw new ImapSyntaxException("Unknown fetch item " + name);
        }
    }

    /** section-binary = "[" [section-part] "]", then a partial except for BINARY.SIZE. */
    private static Binary binary(ImapReader in, String name) {
        in.expect('[', "[");
        List<Integer> path = new ArrayList<>();
        if (!in.peekIs(']')) {
            do {
                long n = in.nzNumber();
                if (n > Integer.MAX_VALUE) {
                    throw new ImapSyntaxException("Invalid section part number");
                }
                path.add((int) n);
            } while (in.accept('.'));
        }
        in.expect(']', "]");
        boolean size = name.equals("BINARY.SIZE");
        StringBuilder label = new StringBuilder(size ? "BINARY.SIZE[" : "BINARY[");
        label.append(String.join(".", path.stream().map(String::valueOf).toList())).append(']');
        long offset = -1;
        long length = 0;
        if (!size && in.accept('<')) {
            offset = in.number();
            in.expect('.', ".");
            length = in.nzNumber();
            in.expect('>', ">");
            label.append('<').append(offset).append('>');
        }
        return new Binary(name.equals("BINARY.PEEK"), path.stream().mapToInt(Integer::intValue).toArray(), size, offset,
                length, label.toString());
    }

    private static Section section(ImapReader in, boolean peek) {
        in.expect('[', "[");
        List<Integer> path = new ArrayList<>();
        String text = "";
        List<String> fields = List.of();
        StringBuilder label = new StringBuilder("BODY[");
        if (!in.peekIs(']')) {
            String spec = in.atom().toUpperCase(Locale.ROOT);
            String[] parts = spec.split("\\.", -1);
            int i = 0;
            while (i < parts.length && !parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(parts[i].length() > 9 ? "0" : parts[i]);
                if (n == 0) {
                    throw new ImapSyntaxException("Invalid section part number");
                }
                path.add((int) n);
                i++;
            }
            text = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
            if (!List.of("", "HEADER", "TEXT", "MIME", "HEADER.FIELDS", "HEADER.FIELDS.NOT").contains(text)
                    || (text.equals("MIME") && path.isEmpty())) {
                throw new ImapSyntaxException("Invalid section " + spec);
            }
            label.append(spec);
            if (text.startsWith("HEADER.FIELDS")) {
                in.sp();
                in.expect('(', "( header list");
                List<String> names = new ArrayList<>();
                do {
                    names.add(in.astring().toUpperCase(Locale.ROOT));
                } while (in.accept(' '));
                in.expect(')', ")");
                fields = names;
                label.append(" (").append(String.join(" ", names)).append(')');
            }
        }
        in.expect(']', "]");
        label.append(']');
        long offset = -1;
        long length = 0;
        if (in.accept('<')) {
            offset = in.number();
            in.expect('.', ".");
            length = in.nzNumber();
            in.expect('>', ">");
            label.append('<').append(offset).append('>');
        }
        return new Section(peek, path.stream().mapToInt(Integer::intValue).toArray(), text, fields, offset, length,
                label.toString());
    }
}
