package io.postvault.protocol.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@link ImapRequest} by the rules of RFC 3501 section 9 (formal syntax); methods are named after the ABNF
 * rules. Literals are read transparently where a string may stand. Any deviation throws {@link ImapSyntaxException}
 * naming what was expected.
 */
public final class ImapReader {

    private static final String ATOM_SPECIALS = "(){ %*\"\\]";

    private final ImapRequest request;
    private final boolean imap4rev2;
    private int fragment;
    private String line;
    private int pos;

    public ImapReader(ImapRequest request) {
        this(request, false);
    }

    /** @param imap4rev2 the request follows RFC 9051's grammar (the session enabled IMAP4rev2), not RFC 3501's */
    public ImapReader(ImapRequest request, boolean imap4rev2) {
        this.request = request;
        this.imap4rev2 = imap4rev2;
        this.line = request.fragments().get(0);
    }

    /**
     * True when the request follows RFC 9051 (IMAP4rev2 enabled): mailbox names in UTF-8, not modified UTF-7
     * (section 5.1), and the command parsers take the rev2 grammar (no RECENT, NEW, OLD; STATUS DELETED).
     */
    public boolean imap4rev2() {
        return imap4rev2;
    }

    /** True when every byte of the request was read. */
    public boolean atEnd() {
        return pos >= line.length() && fragment == request.fragments().size() - 1;
    }

    /** Fails unless the request is fully read. */
    public void end() {
        if (!atEnd()) {
            throw new ImapSyntaxException("Unexpected extra arguments");
        }
    }

    /** The next character, or -1 at the end of the current line. */
    public int peek() {
        return pos < line.length() ? line.charAt(pos) : -1;
    }

    /** Up to {@code n} characters from here in the current line, not consumed. */
    public String peekAhead(int n) {
        return line.substring(pos, Math.min(line.length(), pos + n));
    }

    public boolean peekIs(char c) {
        return peek() == c;
    }

    public void sp() {
        expect(' ', "SP");
    }

    /** Consumes {@code c} if it comes next. */
    public boolean accept(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void expect(char c, String what) {
        if (!accept(c)) {
            throw new ImapSyntaxException("Expected " + what);
        }
    }

    /** A tag: any ASTRING-CHAR except "+". */
    public String tag() {
        int start = pos;
        while (pos < line.length() && isAstringChar(line.charAt(pos)) && line.charAt(pos) != '+') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected tag");
        }
        return line.substring(start, pos);
    }

    /** 1*ATOM-CHAR. */
    public String atom() {
        int start = pos;
        while (pos < line.length() && isAtomChar(line.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected atom");
        }
        return line.substring(start, pos);
    }

    /** A fetch-att name: an atom that stops before "[" (BODY[...], BODY.PEEK[...]). */
    public String fetchAtt() {
        int start = pos;
        while (pos < line.length() && isAtomChar(line.charAt(pos)) && line.charAt(pos) != '[') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected fetch item");
        }
        return line.substring(start, pos);
    }

    /** An atom that may also contain "]" (ASTRING-CHAR), e.g. for flags and search keys. */
    public String astringAtom() {
        int start = pos;
        while (pos < line.length() && isAstringChar(line.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected atom");
        }
        return line.substring(start, pos);
    }

    /** astring = 1*ASTRING-CHAR / string. */
    public String astring() {
        int c = peek();
        if (c == '"' || c == '{' || c == '~') {
            return string();
        }
        return astringAtom();
    }

    /** astring as raw bytes (a literal keeps its octets). */
    public byte[] astringBytes() {
        int c = peek();
        if (c == '{' || c == '~') {
            return literal();
        }
        return astring().getBytes(StandardCharsets.UTF_8);
    }

    /** nstring = string / "NIL". */
    public String nstring() {
        if (peek() == 'N' || peek() == 'n') {
            String atom = atom();
            if (!atom.equalsIgnoreCase("NIL")) {
                throw new ImapSyntaxException("Expected string or NIL");
            }
            return null;
        }
        return string();
    }

    /** string = quoted / literal. */
    public String string() {
        if (peek() == '"') {
            return quoted();
        }
        if (peek() == '{' || peek() == '~') {
            return new String(literal(), StandardCharsets.UTF_8);
        }
        throw new ImapSyntaxException("Expected string");
    }

    /** quoted = DQUOTE *QUOTED-CHAR DQUOTE. */
    public String quoted() {
        expect('"', "quoted string");
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= line.length()) {
                throw new ImapSyntaxException("Unterminated quoted string");
            }
            char c = line.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= line.length() || (line.charAt(pos) != '"' && line.charAt(pos) != '\\')) {
                    throw new ImapSyntaxException("Invalid escape in quoted string");
                }
                c = line.charAt(pos++);
            }
            out.append(c);
        }
    }

    /** literal = "{" number ["+"] "}" CRLF *CHAR8 (also literal8 "~{n}"). */
    public byte[] literal() {
        byte[] bytes = literalOrSpooled();
        if (bytes == null) {
            throw new ImapSyntaxException("Literal too large for this argument");
        }
        return bytes;
    }

    /** A literal; null when its octets were spooled to a file by the session (a large APPEND message). */
    public byte[] literalOrSpooled() {
        accept('~');
        expect('{', "literal");
        int close = line.indexOf('}', pos);
        if (close != line.length() - 1 || fragment >= request.literals().size()) {
            throw new ImapSyntaxException("Expected literal");
        }
        byte[] bytes = request.literals().get(fragment);
        fragment++;
        line = request.fragments().get(fragment);
        pos = 0;
        return bytes;
    }

    /** number = 1*DIGIT (32-bit unsigned). */
    public long number() {
        int start = pos;
        while (pos < line.length() && Character.isDigit(line.charAt(pos))) {
            pos++;
        }
        if (pos == start || pos - start > 10) {
            throw new ImapSyntaxException("Expected number");
        }
        long n = Long.parseLong(line.substring(start, pos));
        if (n > 0xFFFFFFFFL) {
            throw new ImapSyntaxException("Number out of range");
        }
        return n;
    }

    /** number64 (RFC 9051 section 9): a 63-bit unsigned number, as LARGER and SMALLER take. */
    public long number64() {
        return unsigned63("number");
    }

    /** mod-sequence-value = 1*DIGIT, up to 2^63 - 1 (RFC 7162 section 7). */
    public long modSequence() {
        return unsigned63("mod-sequence");
    }

    /** 1*DIGIT (ASCII digits only) up to 2^63 - 1; {@code what} names it in the errors. */
    private long unsigned63(String what) {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 19) {
            throw new ImapSyntaxException("Expected " + what);
        }
        try {
            return Long.parseLong(line.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new ImapSyntaxException(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " out of range");
        }
    }

    /** nz-number. */
    public long nzNumber() {
        long n = number();
        if (n == 0) {
            throw new ImapSyntaxException("Expected non-zero number");
        }
        return n;
    }

    /** list-mailbox = 1*list-char / string (list-char adds "%", "*" and "]" to ATOM-CHAR). */
    public String listMailbox() {
        int c = peek();
        if (c == '"' || c == '{' || c == '~') {
            return string();
        }
        int start = pos;
        while (pos < line.length() && (isAstringChar(line.charAt(pos)) || line.charAt(pos) == '%'
                || line.charAt(pos) == '*')) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected mailbox pattern");
        }
        return line.substring(start, pos);
    }

    /** flag-list = "(" [flag *(SP flag)] ")"; flags keep their case. */
    public List<String> flagList() {
        expect('(', "(");
        List<String> flags = new ArrayList<>();
        while (!accept(')')) {
            if (!flags.isEmpty()) {
                sp();
            }
            flags.add(flag());
        }
        return flags;
    }

    /** flag = "\" atom / atom. */
    public String flag() {
        boolean system = accept('\\');
        String atom = atom();
        return system ? "\\" + atom : atom;
    }

    /** sequence-set as text ("1:*,5", "$"); interpreted by {@code SequenceSet}. */
    public String sequenceSet() {
        int start = pos;
        while (pos < line.length() && ("0123456789:*,$".indexOf(line.charAt(pos)) >= 0)) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected sequence set");
        }
        return line.substring(start, pos);
    }

    /** The rest of the current line, as it is (for error texts and SASL). */
    public String restOfLine() {
        String rest = line.substring(pos);
        pos = line.length();
        return rest;
    }

    static boolean isAtomChar(char c) {
        return c > 0x20 && c < 0x7f && ATOM_SPECIALS.indexOf(c) < 0 || c > 0x7f;
    }

    static boolean isAstringChar(char c) {
        return isAtomChar(c) || c == ']';
    }
}
