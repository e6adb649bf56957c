package io.postvault.protocol.imap.response;

import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.Collection;
import java.util.List;

/** Untagged responses other than FETCH data: exact bytes (without CRLF), tested as such. */
public final class UntaggedResponses {

    private UntaggedResponses() {
    }

    /**
     * A flag update: {@code * 3 FETCH (UID 7 FLAGS (\Seen) MODSEQ (12))}; {@code uid} and {@code modseq} are left out
     * when negative.
     */
    public static String flags(int seq, long uid, Collection<String> flags, long modseq) {
        StringBuilder out = new StringBuilder("* ").append(seq).append(" FETCH (");
        if (uid >= 0) {
            out.append("UID ").append(uid).append(' ');
        }
        out.append("FLAGS ");
        FetchEncoder.flags(out, flags);
        if (modseq >= 0) {
            out.append(" MODSEQ (").append(modseq).append(')');
        }
        return out.append(')').toString();
    }

    /** {@code * VANISHED [(EARLIER) ]uids} (RFC 7162 section 3.2.10); {@code uids} ascending, not empty. */
    public static String vanished(long[] uids, boolean earlier) {
        return "* VANISHED " + (earlier ? "(EARLIER) " : "") + SequenceSet.format(uids);
    }

    /** {@code * VANISHED (EARLIER) ranges} for inclusive UID ranges {@code [lo0, hi0, ...]}, ascending, not empty. */
    public static String vanishedRanges(long[] ranges) {
        return "* VANISHED (EARLIER) " + SequenceSet.formatRanges(ranges);
    }

    /** {@code * STATUS name (ITEM n ...)}. */
    public static String status(String name, List<String> items, List<String> values) {
        return status(name, items, values, false);
    }

    /** @param utf8 the name in UTF-8 (IMAP4rev2), not modified UTF-7 */
    public static String status(String name, List<String> items, List<String> values, boolean utf8) {
        StringBuilder out = new StringBuilder("* STATUS ");
        ImapStrings.mailbox(out, name, utf8);
        out.append(" (");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : " ").append(items.get(i)).append(' ').append(values.get(i));
        }
        return out.append(')').toString();
    }

    /**
     * {@code * LIST (attributes) "/" name [(extended items)]}; {@code childInfo} adds RFC 5258's
     * {@code ("CHILDINFO" ("SUBSCRIBED"))}.
     */
    public static String list(String command, List<String> attributes, String name, boolean childInfo) {
        return list(command, attributes, name, childInfo, false);
    }

    /** @param utf8 the name in UTF-8 (IMAP4rev2), not modified UTF-7 */
    public static String list(String command, List<String> attributes, String name, boolean childInfo,
            boolean utf8) {
        StringBuilder out = new StringBuilder("* ").append(command).append(" (")
                .append(String.join(" ", attributes)).append(") \"/\" ");
        ImapStrings.mailbox(out, name, utf8);
        if (childInfo) {
            out.append(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
        }
        return out.toString();
    }

    /**
     * {@code * ESEARCH (TAG "a1") UID MIN 1 MAX 9 COUNT 3 ALL 1,5:9 MODSEQ 12} (RFC 4731 section 3.1); absent parts
     * are null / negative.
     */
    public static String esearch(String tag, boolean uid, long min, long max, long count, long[] all, long modseq) {
        StringBuilder out = new StringBuilder("* ESEARCH (TAG ");
        ImapStrings.string(out, tag);
        out.append(')');
        if (uid) {
            out.append(" UID");
        }
        if (min > 0) {
            out.append(" MIN ").append(min);
        }
        if (max > 0) {
            out.append(" MAX ").append(max);
        }
        if (count >= 0) {
            out.append(" COUNT ").append(count);
        }
        if (all != null && all.length > 0) {
            out.append(" ALL ").append(SequenceSet.format(all));
        }
        if (modseq > 0) {
            out.append(" MODSEQ ").append(modseq);
        }
        return out.toString();
    }

    /** {@code * SEARCH 1 2 3 [(MODSEQ 12)]} or {@code * SORT ...}: numbers in the given order. */
    public static String numbers(String name, long[] numbers, long modseq) {
        StringBuilder out = new StringBuilder("* ").append(name);
        for (long n : numbers) {
            out.append(' ').append(n);
        }
        if (modseq > 0) {
            out.append(" (MODSEQ ").append(modseq).append(')');
        }
        return out.toString();
    }
}
