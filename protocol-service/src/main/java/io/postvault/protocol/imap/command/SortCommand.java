package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.store.SearchKey;
import io.postvault.protocol.store.SortCriterion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** SORT SP "(" sort-criterion *(SP sort-criterion) ")" SP charset SP search-criteria (RFC 5256 section 3). */
public record SortCommand(List<SortCriterion> criteria, SearchKey key) {

    public static SortCommand parse(ImapReader in, Function<SequenceSet, long[]> bySequence,
            Function<SequenceSet, long[]> byUid, Supplier<long[]> recent, int maxKeys) {
        in.sp();
        in.expect('(', "(");
        List<SortCriterion> criteria = new ArrayList<>();
        do {
            String word = in.atom().toUpperCase(Locale.ROOT);
            boolean reverse = word.equals("REVERSE");
            if (reverse) {
                in.sp();
                word = in.atom().toUpperCase(Locale.ROOT);
            }
            try {
                criteria.add(new SortCriterion(SortCriterion.Key.valueOf(word), reverse));
            } catch (IllegalArgumentException e) {
                throw new ImapSyntaxException("Unknown sort key " + word);
            }
        } while (in.accept(' '));
        in.expect(')', ")");
        in.sp();
        SearchParser.charset(in);
        in.sp();
        return new SortCommand(criteria, new SearchParser(in, bySequence, byUid, recent, maxKeys).criteria());
    }
}
