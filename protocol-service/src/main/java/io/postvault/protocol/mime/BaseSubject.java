package io.postvault.protocol.mime;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The base subject of RFC 5256 section 2.1, what SORT (SUBJECT) compares: "Re: [list] Fwd: Lunch (fwd)" and "lunch"
 * have the same base subject up to case. The steps are numbered as in the RFC.
 */
public final class BaseSubject {

    private BaseSubject() {
    }

    /** The base subject of a Subject: field as written (encoded words allowed); null (no field) gives "". */
    public static String of(String subject) {
        if (subject == null) {
            return "";
        }
        String s = collapseWhitespace(decode(subject)); // step 1
        while (true) {
            s = removeTrailers(s); // step 2
            String before;
            do { // steps 3 to 5
                before = s;
                s = removeLeaders(s);
                int blob = blobEnd(s, 0);
                if (blob > 0 && blob < s.length()) {
                    s = s.substring(blob); // step 4: a leading [blob] goes when something is left after it
                }
            } while (!s.equals(before));
            if (s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) { // step 6
                s = s.substring(5, s.length() - 1);
                continue;
            }
            return s;
        }
    }

    private static String decode(String subject) {
        try {
            return DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return subject;
        }
    }

    /** Tabs and line breaks (continuations) become spaces; runs of spaces become one. */
    private static String collapseWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (!space) {
                out.append(c);
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        return out.toString();
    }

    /** subj-trailer = "(fwd)" / WSP, removed from the end as long as one is there. */
    private static String removeTrailers(String s) {
        int end = s.length();
        while (true) {
            if (end > 0 && s.charAt(end - 1) == ' ') {
                end--;
            } else if (end >= 5 && s.regionMatches(true, end - 5, "(fwd)", 0, 5)) {
                end -= 5;
            } else {
                return s.substring(0, end);
            }
        }
    }

    /** subj-leader = (*subj-blob subj-refwd) / WSP, removed from the front as long as one is there. */
    private static String removeLeaders(String s) {
        int start = 0;
        while (true) {
            if (start < s.length() && s.charAt(start) == ' ') {
                start++;
                continue;
            }
            int i = start;
            int blob;
            while ((blob = blobEnd(s, i)) > 0) {
                i = blob;
            }
            int refwd = refwdEnd(s, i);
            if (refwd < 0) {
                return s.substring(start);
            }
            start = refwd;
        }
    }

    /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"; the index after it, or -1. */
    private static int refwdEnd(String s, int i) {
        int word;
        if (s.regionMatches(true, i, "re", 0, 2)) {
            word = i + 2;
        } else if (s.regionMatches(true, i, "fwd", 0, 3)) {
            word = i + 3;
        } else if (s.regionMatches(true, i, "fw", 0, 2)) {
            word = i + 2;
        } else {
            return -1;
        }
        while (word < s.length() && s.charAt(word) == ' ') {
            word++;
        }
        int blob = blobEnd(s, word);
        if (blob > 0) {
            word = blob;
        }
        return word < s.length() && s.charAt(word) == ':' ? word + 1 : -1;
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP (BLOBCHAR: neither bracket); the index after it, or -1. */
    private static int blobEnd(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != ']' && s.charAt(j) != '[') {
            j++;
        }
        if (j >= s.length() || s.charAt(j) != ']') {
            return -1;
        }
        j++;
        while (j < s.length() && s.charAt(j) == ' ') {
            j++;
        }
        return j;
    }
}
