package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.store.SearchKey;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SEARCH [SP "RETURN" SP "(" [return-opts] ")"] [SP "CHARSET" SP charset] criteria (RFC 3501 section 6.4.4, ESEARCH
 * RFC 4731, SEARCHRES RFC 5182).
 *
 * @param returns null for a plain SEARCH (answered with {@code * SEARCH}), else the ESEARCH options ({@code RETURN ()}
 *                means ALL)
 */
public record SearchCommand(Set<Return> returns, SearchKey key) {

    public enum Return { MIN, MAX, ALL, COUNT, SAVE }

    /**
     * @param bySequence/byUid turn a set into UIDs (ascending) through the session's view
     * @param recent           the session's \Recent UIDs (SEARCH RECENT, NEW, OLD)
     */
    public static SearchCommand parse(ImapReader in, Function<SequenceSet, long[]> bySequence,
            Function<SequenceSet, long[]> byUid, Supplier<long[]> recent, int maxKeys) {
        Set<Return> returns = null;
        if (in.peek() == ' ' && lookingAtReturn(in)) {
            in.sp();
            in.atom();
            in.sp();
            in.expect('(', "(");
            returns = EnumSet.noneOf(Return.class);
            while (!in.accept(')')) {
                if (!returns.isEmpty()) {
                    in.sp();
                }
                String option = in.atom().toUpperCase(Locale.ROOT);
                try {
                    returns.add(Return.valueOf(option));
                } catch (IllegalArgumentException e) {
                    throw new ImapSyntaxException("Unknown search return option " + option);
                }
            }
            if (returns.isEmpty()) {
                returns.add(Return.ALL);
            }
        }
        SearchKey key = new SearchParser(in, bySequence, byUid, recent, maxKeys).parse();
        return new SearchCommand(returns, key);
    }

    /** True when the MODSEQ key is used anywhere (the response then carries the highest MODSEQ, RFC 7162 3.1.5). */
    public boolean usesModseq() {
        return usesModseq(key);
    }

    private static boolean usesModseq(SearchKey key) {
        if (key instanceof SearchKey.ModSeq) {
            return true;
        }
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(SearchCommand::usesModseq);
        }
        if (key instanceof SearchKey.Or or) {
            return usesModseq(or.left()) || usesModseq(or.right());
        }
        return key instanceof SearchKey.Not not && usesModseq(not.key());
    }

    private static boolean lookingAtReturn(ImapReader in) {
        String rest = in.peekAhead(8);
        return rest.regionMatches(true, 0, " RETURN ", 0, 8);
    }
}
