package io.postvault.search.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

/**
 * The position after the last hit of a page, as an opaque string: the sort values of that hit (date or score, then
 * the document key, which is unique). Stable while documents come and go.
 */
final class Cursor {

    private Cursor() {
    }

    static String of(SearchRequest.SortOrder sort, FieldDoc last) {
        String key = ((BytesRef) last.fields[1]).utf8ToString();
        String value = sort == SearchRequest.SortOrder.DATE
                ? "d|" + last.fields[0]
                : "r|" + Float.floatToIntBits((Float) last.fields[0]);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((value + "|" + key)
                .getBytes(StandardCharsets.UTF_8));
    }

    static FieldDoc parse(SearchRequest.SortOrder sort, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException();
            }
            BytesRef key = new BytesRef(parts[2]);
            if (sort == SearchRequest.SortOrder.DATE && parts[0].equals("d")) {
                return new FieldDoc(0, Float.NaN, new Object[] {Long.parseLong(parts[1]), key});
            }
            if (sort == SearchRequest.SortOrder.RELEVANCE && parts[0].equals("r")) {
                float score = Float.intBitsToFloat(Integer.parseInt(parts[1]));
                return new FieldDoc(0, score, new Object[] {score, key});
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new InvalidCursorException("not a cursor of this search (sort " + sort.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
