package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.response.ObjectIds;
import io.postvault.protocol.store.SearchKey;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SEARCH / UID SEARCH criteria (RFC 3501 section 6.4.4) into a {@link SearchKey}. Message sets become UID ranges
 * through the session's view, so the store sees UIDs only. Nesting depth and the number of keys are limited.
 */
public final class SearchParser {

    /** date-day "-" date-month "-" date-year; the month names are case-insensitive (RFC 3501 section 9). */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
    private static final int MAX_DEPTH = 64;
    private static final Pattern OBJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** Matches no message: NOT ALL. */
    private static final SearchKey NOTHING = new SearchKey.Not(new SearchKey.And(List.of()));

    private final ImapReader in;
    private final Function<SequenceSet, long[]> bySequence;
    private final Function<SequenceSet, long[]> byUid;
    private final Supplier<long[]> recent;
    private final int maxKeys;
    private int keys;

    /**
     * @param bySequence/byUid turn a set into UIDs (ascending) through the view
     * @param recent           the UIDs that are \Recent in the session (ascending), for RECENT, NEW and OLD; RFC 9051
     *                         (IMAP4rev2) has neither \Recent nor these keys
     */
    public SearchParser(ImapReader in, Function<SequenceSet, long[]> bySequence, Function<SequenceSet, long[]> byUid,
            Supplier<long[]> recent, int maxKeys) {
        this.in = in;
        this.bySequence = bySequence;
        this.byUid = byUid;
        this.recent = recent;
        this.maxKeys = maxKeys;
    }

    /** Reads " [CHARSET x] key *(SP key)" to the end of the command. */
    public SearchKey parse() {
        in.sp();
        List<SearchKey> all = new ArrayList<>();
        if (in.peek() == 'C' || in.peek() == 'c') {
            // CHARSET is an atom like the keys: look ahead by trying it
            String first = in.astringAtom();
            if (first.equalsIgnoreCase("CHARSET")) {
                in.sp();
                charset(in);
                in.sp();
            } else {
                all.add(key(first, 0));
                if (!in.accept(' ')) {
                    in.end();
                    return new SearchKey.And(all);
                }
            }
        }
        all.addAll(criteria().keys());
        return new SearchKey.And(all);
    }

    /** Reads "key *(SP key)" to the end of the command. */
    public SearchKey.And criteria() {
        List<SearchKey> all = new ArrayList<>();
        do {
            all.add(key(0));
        } while (in.accept(' '));
        in.end();
        return new SearchKey.And(all);
    }

    /** A charset name: UTF-8 and US-ASCII are known, others are {@link BadCharset}. */
    public static void charset(ImapReader in) {
        String charset = in.astring();
        if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
            throw new BadCharset();
        }
    }

    /** The charset is not supported: {@code NO [BADCHARSET (UTF-8 US-ASCII)]}. */
    public static final class BadCharset extends RuntimeException {
        BadCharset() {
            super("unsupported charset", null, false, false);
        }
    }

    private SearchKey key(int depth) {
        if (depth > MAX_DEPTH) {
            throw new ImapSyntaxException("Search criteria nested too deeply");
        }
        if (in.accept('(')) {
            List<SearchKey> list = new ArrayList<>();
            do {
                list.add(key(depth + 1));
            } while (in.accept(' '));
            in.expect(')', ")");
            return new SearchKey.And(list);
        }
        int c = in.peek();
        if (c >= '0' && c <= '9' || c == '*' || c == '$') {
            return uids(bySequence.apply(SequenceSet.parse(in.sequenceSet())));
        }
        return key(in.astringAtom(), depth);
    }

    private SearchKey key(String word, int depth) {
        if (++keys > maxKeys) {
            throw new ImapSyntaxException("Too many search keys");
        }
        String name = word.toUpperCase(Locale.ROOT);
        if (in.imap4rev2() && (name.equals("RECENT") || name.equals("NEW") || name.equals("OLD"))) {
            throw new ImapSyntaxException("No search key " + word + " in IMAP4rev2");
        }
        return switch (name) {
            case "ALL" -> new SearchKey.And(List.of());
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> flag(name, true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> flag(name.substring(2), false);
            case "RECENT" -> uids(recent.get());
            case "NEW" -> new SearchKey.And(List.of(uids(recent.get()), flag("SEEN", false)));
            case "OLD" -> new SearchKey.Not(uids(recent.get()));
            case "KEYWORD" -> new SearchKey.Flag(argAtom(), true);
            case "UNKEYWORD" -> new SearchKey.Flag(argAtom(), false);
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new SearchKey.Header(name.toLowerCase(Locale.ROOT), arg());
            case "HEADER" -> {
                String header = arg().toLowerCase(Locale.ROOT);
                yield new SearchKey.Header(header, arg());
            }
            case "BEFORE" -> new SearchKey.InternalDate(SearchKey.Comparison.BEFORE, date());
            case "ON" -> new SearchKey.InternalDate(SearchKey.Comparison.ON, date());
            case "SINCE" -> new SearchKey.InternalDate(SearchKey.Comparison.SINCE, date());
            case "SENTBEFORE" -> new SearchKey.SentDate(SearchKey.Comparison.BEFORE, date());
            case "SENTON" -> new SearchKey.SentDate(SearchKey.Comparison.ON, date());
            case "SENTSINCE" -> new SearchKey.SentDate(SearchKey.Comparison.SINCE, date());
            case "LARGER" -> new SearchKey.Size(true, number64());
            case "SMALLER" -> new SearchKey.Size(false, number64());
            case "UID" -> {
                in.sp();
                yield uids(byUid.apply(SequenceSet.parse(in.sequenceSet())));
            }
            case "NOT" -> {
                in.sp();
                yield new SearchKey.Not(key(depth + 1));
            }
            case "OR" -> {
                in.sp();
                SearchKey left = key(depth + 1);
                in.sp();
                yield new SearchKey.Or(left, key(depth + 1));
            }
            case "MODSEQ" -> modseq();
            case "EMAILID" -> {
                String prefix = ObjectIds.blobIdPrefix(objectId());
                yield prefix == null ? NOTHING : new SearchKey.EmailId(prefix);
            }
            case "THREADID" -> {
                objectId();
                yield NOTHING; // no threads are kept: every message has THREADID NIL (RFC 8474 section 5.2)
            }
            case "BODY" -> new SearchKey.Text(arg(), false);
            case "TEXT" -> new SearchKey.Text(arg(), true);
            default -> throw new ImapSyntaxException("Unknown search key " + word);
        };
    }

    private SearchKey flag(String name, boolean set) {
        return new SearchKey.Flag("\\" + name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT), set);
    }

    private static SearchKey uids(long[] uids) {
        if (uids == null) {
            return new SearchKey.UidRanges(new long[0]);
        }
        List<Long> ranges = new ArrayList<>();
        for (int i = 0; i < uids.length; ) {
            int j = i;
            while (j + 1 < uids.length && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            ranges.add(uids[i]);
            ranges.add(uids[j]);
            i = j + 1;
        }
        return new SearchKey.UidRanges(ranges.stream().mapToLong(Long::longValue).toArray());
    }

    /** MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer (RFC 7162 section 3.1.5); the entry is
     * accepted and ignored: a message has one MODSEQ here, not one per flag. */
    private SearchKey modseq() {
        in.sp();
        if (in.peekIs('"')) {
            in.quoted();
            in.sp();
            String type = in.atom();
            if (!List.of("priv", "shared", "all").contains(type.toLowerCase(Locale.ROOT))) {
                throw new ImapSyntaxException("Expected priv, shared or all");
            }
            in.sp();
        }
        return new SearchKey.ModSeq(in.modSequence());
    }

    private String arg() {
        in.sp();
        return in.astring();
    }

    /** RFC 8474: objectid = 1*255(ALPHA / DIGIT / "_" / "-"). */
    private String objectId() {
        String id = argAtom();
        if (!OBJECT_ID.matcher(id).matches()) {
            throw new ImapSyntaxException("Invalid object id");
        }
        return id;
    }

    private String argAtom() {
        in.sp();
        return in.atom();
    }

    /** LARGER and SMALLER take a number64 (RFC 9051 section 9), sizes above 4 GB included. */
    private long number64() {
        in.sp();
        return in.number64();
    }

    private LocalDate date() {
        in.sp();
        String text = in.peekIs('"') ? in.quoted() : in.atom();
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("Invalid date " + text);
        }
    }
}
