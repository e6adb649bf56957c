package io.postvault.search.bench;

import io.postvault.search.config.SearchConfig;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.MailAnalyzers;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.query.SearchRequest;
import io.postvault.search.query.SearchRequest.Scope;
import io.postvault.search.query.SearchRequest.SortOrder;
import io.postvault.search.query.SearchService;
import io.postvault.search.support.PlainConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * What offsets in the postings save the snippets: the same messages indexed twice, in a generation with offsets (as
 * the service writes them now) and in one without (as before: the highlighter re-analyses each hit's text), then the
 * CPU time of a page of 20 highlighted hits at domain scope, for bodies of {@code words} words. Prints one line per
 * index. {@code bench/run-search-bench snippets docs=2000 words=5000}.
 */
public final class SnippetBench {

    private static final String[] QUERIES = {"pelican", "harbour", "\"quiet harbour\"", "pel*"};
    private static final String[] WORDS = ("the a quiet harbour ship sails north cargo meeting budget report invoice "
            + "morning evening river bridge").split(" ");

    private SnippetBench() {
    }

    public static void main(String[] args) throws Exception {
        int docs = 2000;
        int words = 5000;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "docs" -> docs = Integer.parseInt(pair[1]);
                case "words" -> words = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("arguments are docs=N and words=N, not " + arg);
            }
        }
        for (boolean offsets : new boolean[] {false, true, false, true}) {
            measure(offsets, docs, words);
        }
    }

    private static void measure(boolean offsets, int docs, int words) throws Exception {
        Path dir = Files.createTempDirectory("postvault-snippet-bench-");
        if (!offsets) {
            // A generation written without offsets: the service keeps writing it that way (MessageIndex).
            Path old = Files.createDirectories(dir.resolve("gen-1"));
            Files.writeString(dir.resolve("CURRENT"), "gen-1\n");
            try (FSDirectory directory = FSDirectory.open(old);
                 IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(MailAnalyzers.perField()))) {
                writer.addDocument(message(0, 10).toDocument(false));
            }
        }
        SearchConfig config = PlainConfig.withIndexDir(dir);
        MessageIndex index = new MessageIndex(config);
        index.open();
        try {
            for (int i = 1; i <= docs; i++) {
                index.put(message(i, words));
            }
            index.commit();
            index.refreshNow();
            SearchService search = new SearchService(index, config);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 100; i++) {
                search(search, QUERIES[i % QUERIES.length]); // warm-up
            }
            long[] cpu = new long[400];
            for (int i = 0; i < cpu.length; i++) {
                long start = threads.getCurrentThreadCpuTime();
                search(search, QUERIES[i % QUERIES.length]);
                cpu[i] = threads.getCurrentThreadCpuTime() - start;
            }
            Arrays.sort(cpu);
            System.out.printf("offsets %-5s %,d messages of %,d words: CPU per search (20 hits, snippets) "
                    + "p50 %.1f ms, p95 %.1f ms%n", offsets, docs, words, cpu[cpu.length / 2] / 1e6,
                    cpu[cpu.length * 95 / 100] / 1e6);
        } finally {
            index.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void search(SearchService search, String query) {
        search.search(new SearchRequest(Scope.domain("x.test"), query, null, null, null, null, null, null, null, null,
                null, null, SortOrder.DATE, 20, null));
    }

    /** A message whose body is {@code words} words of a small vocabulary, with "pelican" every 997 words. */
    private static IndexedMessage message(int n, int words) {
        SplittableRandom random = new SplittableRandom(n);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < words; i++) {
            body.append(i % 997 == 500 ? "pelican" : WORDS[random.nextInt(WORDS.length)])
                    .append(i % 15 == 14 ? ".\n" : " ");
        }
        return new IndexedMessage("live|a|INBOX|1|" + n, "a", "a@x.test", "x.test", IndexedMessage.Status.LIVE,
                "received", "INBOX", 1L, (long) n, null, null, "blob", body.length(),
                Instant.ofEpochSecond(1_700_000_000L + n), null, "b@y.test", "a@x.test", null, "subject " + n, null,
                body.toString(), List.of(), IndexedMessage.NO_FLAGS, false);
    }
}
