package io.postvault.protocol.store.pg;

import io.postvault.protocol.mime.MessageText;
import io.postvault.protocol.store.SearchKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * SEARCH BODY and TEXT keys, and HEADER keys on fields that have no column (SearchSql), which SQL cannot answer: the
 * messages are streamed from the blob store and searched ({@link MessageText}), each once for all the text keys of the
 * search. Only the candidates are read: the messages that the other top-level criteria already allow. Each text key
 * is then replaced by the UIDs that contain it, and the whole key goes to SQL as usual (so NOT and OR around text keys
 * keep their meaning).
 */
final class TextKeys {

    /**
     * A message that may match: its UID, blob, and its raw header block when the keys need only the header and the
     * database keeps it (see {@link #headersOnly}); null otherwise.
     */
    record Candidate(long uid, String blobId, byte[] header) {
    }

    /** Opens a blob's bytes. */
    interface Blobs {
        InputStream open(String blobId);
    }

    private TextKeys() {
    }

    static boolean present(SearchKey key) {
        return !collect(key, new ArrayList<>()).isEmpty();
    }

    /** True when every text key is a HEADER key: the header block kept with the row answers them, not the blob. */
    static boolean headersOnly(SearchKey key) {
        return collect(key, new ArrayList<>()).stream().allMatch(k -> k instanceof SearchKey.Header);
    }

    /** The top-level criteria without text keys in them: they narrow the candidates before any blob is read. */
    static SearchKey prefilter(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return new SearchKey.And(and.keys().stream().filter(k -> !present(k)).toList());
        }
        return present(key) ? new SearchKey.And(List.of()) : key;
    }

    /** The key with each text key replaced by the UIDs of the candidates that contain its text. */
    static SearchKey resolve(SearchKey key, List<Candidate> candidates, Blobs blobs) {
        List<SearchKey> texts = collect(key, new ArrayList<>());
        List<MessageText.Needle> needles = texts.stream().map(TextKeys::needle).toList();
        Map<SearchKey, List<Long>> matches = new IdentityHashMap<>();
        texts.forEach(t -> matches.put(t, new ArrayList<>()));
        for (Candidate c : candidates) {
            boolean[] found;
            try (InputStream in = c.header() != null ? new ByteArrayInputStream(c.header()) : blobs.open(c.blobId())) {
                found = MessageText.find(in, needles);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < found.length; i++) {
                if (found[i]) {
                    matches.get(texts.get(i)).add(c.uid());
                }
            }
        }
        return replace(key, matches);
    }

    private static MessageText.Needle needle(SearchKey key) {
        if (key instanceof SearchKey.Header header) {
            return MessageText.Needle.header(header.header(), header.text());
        }
        SearchKey.Text text = (SearchKey.Text) key;
        return new MessageText.Needle(text.text(), text.inHeaders());
    }

    /** A key that needs the message itself. */
    private static boolean textual(SearchKey key) {
        return key instanceof SearchKey.Text || key instanceof SearchKey.Header header && !SearchSql.hasColumn(header);
    }

    private static List<SearchKey> collect(SearchKey key, List<SearchKey> out) {
        if (textual(key)) {
            out.add(key);
        } else if (key instanceof SearchKey.And and) {
            and.keys().forEach(k -> collect(k, out));
        } else if (key instanceof SearchKey.Or or) {
            collect(or.left(), out);
            collect(or.right(), out);
        } else if (key instanceof SearchKey.Not not) {
            collect(not.key(), out);
        }
        return out;
    }

    private static SearchKey replace(SearchKey key, Map<SearchKey, List<Long>> matches) {
        if (textual(key)) {
            List<Long> uids = matches.get(key);
            long[] ranges = new long[uids.size() * 2];
            for (int i = 0; i < uids.size(); i++) {
                ranges[2 * i] = uids.get(i);
                ranges[2 * i + 1] = uids.get(i);
            }
            return new SearchKey.UidRanges(ranges);
        }
        if (key instanceof SearchKey.And and) {
            return new SearchKey.And(and.keys().stream().map(k -> replace(k, matches)).toList());
        }
        if (key instanceof SearchKey.Or or) {
            return new SearchKey.Or(replace(or.left(), matches), replace(or.right(), matches));
        }
        if (key instanceof SearchKey.Not not) {
            return new SearchKey.Not(replace(not.key(), matches));
        }
        return key;
    }
}
