package io.postvault.search.bench;

import io.postvault.events.data.MessageSummary;
import io.postvault.search.config.SearchConfig;
import io.postvault.search.extract.MessageTextExtractor;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.index.Rebuild;
import io.postvault.search.query.SearchRequest;
import io.postvault.search.query.SearchRequest.Scope;
import io.postvault.search.query.SearchRequest.SortOrder;
import io.postvault.search.query.SearchService;
import io.postvault.search.reindex.SourceDocuments;
import io.postvault.search.reindex.Sources.ArchivedEntry;
import io.postvault.search.reindex.Sources.LiveMessage;
import io.postvault.search.support.PlainConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The search benchmark: indexes {@code messages} synthetic messages ({@link SyntheticMail}, seeded) through the
 * service's own code — {@link MessageTextExtractor}, the reindex's {@link SourceDocuments}, {@link MessageIndex}'s
 * {@link Rebuild} and swap — then runs a fixed set of queries through {@link SearchService} (the code behind the
 * history API: parsing, scope and filters, sort, highlighted snippets, stored fields, total) at account and at
 * domain scope, and prints a Markdown section with the indexing rate, index size and query latency percentiles.
 *
 * <p>Arguments ({@code name=value}, all optional): messages (1000000), seed (42), domains (100),
 * accountsPerDomain (50), threads (2), warmup (300 per scope), queries (2000 per scope), indexDir (a temporary
 * folder, deleted at the end unless keep=true), maxIndexSeconds (none: on a machine too slow or too busy, indexing
 * stops after this many seconds and the queries run on what was indexed; the report says how many).
 *
 * <p>Latency is wall time of {@code SearchService.search} on one thread; the CPU time of the same calls is reported
 * beside it, since on a shared machine the wall time also measures the other tenants.
 */
public final class SearchBench {

    private final Map<String, String> options;
    private final SyntheticMail mail;
    private final long messages;
    private final long maxIndexNanos;
    private long indexed;

    private SearchBench(Map<String, String> options) {
        this.options = options;
        this.messages = Long.parseLong(options.getOrDefault("messages", "1000000"));
        this.mail = new SyntheticMail(Long.parseLong(options.getOrDefault("seed", "42")),
                Integer.parseInt(options.getOrDefault("domains", "100")),
                Integer.parseInt(options.getOrDefault("accountsPerDomain", "50")));
        this.maxIndexNanos = options.containsKey("maxIndexSeconds")
                ? Long.parseLong(options.get("maxIndexSeconds")) * 1_000_000_000L : Long.MAX_VALUE;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are name=value, not " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new SearchBench(options).run();
    }

    /** One query of the fixed set, made into a request for a scope. */
    private record QuerySpec(String name, Function<Scope, SearchRequest> request) {
    }

    private void run() throws Exception {
        boolean temporary = !options.containsKey("indexDir");
        Path dir = temporary ? Files.createTempDirectory("postvault-search-bench-") : Path.of(options.get("indexDir"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        SearchConfig config = PlainConfig.withIndexDir(dir);
        MessageIndex index = new MessageIndex(config);
        index.open();
        try {
            double generateOnly = generatorRate(Math.min(messages, 20_000));
            double[] indexing = index(index, config, threads);
            long bytes = size(index.folder());
            SearchService search = new SearchService(index, config);
            int warmup = Integer.parseInt(options.getOrDefault("warmup", "300"));
            int queries = Integer.parseInt(options.getOrDefault("queries", "2000"));
            List<QuerySpec> set = querySet();
            Result account = measure(search, set, warmup, queries, false);
            Result domain = measure(search, set, warmup, queries, true);
            report(index.numDocs(), threads, generateOnly, indexing, bytes, set, account, domain);
        } finally {
            index.close();
            if (temporary && !Boolean.parseBoolean(options.getOrDefault("keep", "false"))) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Messages per second the generator alone makes (one thread), to tell its share of the indexing time. */
    private double generatorRate(long sample) {
        long start = System.nanoTime();
        long bytes = 0;
        for (long i = 0; i < sample; i++) {
            bytes += mail.message(i).bytes().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "generator: %d messages, %.0f bytes average, %.0f messages/s%n", sample,
                (double) bytes / sample, sample / seconds);
        return sample / seconds;
    }

    /** Indexes the corpus as a reindex does; returns {seconds, messages/s, average message bytes}. */
    private double[] index(MessageIndex index, SearchConfig config, int threads) throws InterruptedException {
        MessageTextExtractor extractor = new MessageTextExtractor(config.extraction().maxTextChars());
        Rebuild rebuild = index.startRebuild();
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                try {
                    for (long i = first; i < messages && System.nanoTime() - start < maxIndexNanos; i += threads) {
                        SyntheticMail.Message m = mail.message(i);
                        rebuild.put(document(m, extractor));
                        bytes.addAndGet(m.bytes().length);
                        long count = done.incrementAndGet();
                        if (count % 100_000 == 0) {
                            double seconds = (System.nanoTime() - start) / 1e9;
                            System.err.printf(Locale.ROOT, "indexed %d in %.0f s (%.0f/s)%n", count, seconds,
                                    count / seconds);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-indexer-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("indexing failed", failures.get(0));
        }
        rebuild.swap();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        indexed = done.get();
        System.err.printf(Locale.ROOT, "indexed and committed %d messages in %.1f s (%.1f CPU s)%n", indexed, seconds,
                cpuSeconds);
        return new double[] {seconds, indexed / seconds, (double) bytes.get() / indexed, cpuSeconds * 1000 / indexed};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static IndexedMessage document(SyntheticMail.Message m, MessageTextExtractor extractor) {
        var text = extractor.extract(m.bytes());
        String blobId = Long.toHexString(m.index());
        if (m.archived()) {
            UUID sourceEvent = new UUID(0x5eedL, m.index());
            return SourceDocuments.archived(new ArchivedEntry(new UUID(0xa5c1L, m.index()), m.accountId(),
                    m.address(), m.domain(), m.sent() ? "SENT" : "RECEIVED", m.sent() ? null : m.folder(),
                    m.date().plusSeconds(86400), m.date(), m.bytes().length, null, null, null, null, null, blobId,
                    sourceEvent), text);
        }
        return SourceDocuments.live(m.accountId(), m.domain(), new LiveMessage(m.address(), m.folder(), 1,
                m.index() + 1, blobId, m.bytes().length, m.date(), List.of(), 0L,
                new MessageSummary(null, null, null, null, null, m.date(), false)), text);
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** The fixed query set: words common and rare, phrases, fields, accents, filters, both sorts. */
    private List<QuerySpec> querySet() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2024-07-01T00:00:00Z");
        List<QuerySpec> set = new ArrayList<>();
        set.add(text("common word", "meeting"));
        set.add(text("mid-frequency word", mail.word(500)));
        set.add(text("rare word", mail.word(20_000)));
        set.add(text("two words (AND)", "project budget"));
        set.add(text("phrase", "\"" + mail.word(3) + " " + mail.word(4) + "\""));
        set.add(text("accented, folded", "élève"));
        set.add(text("unaccented finds accented", "reunion"));
        set.add(text("OR", "contract OR contrat"));
        set.add(text("prefix", mail.word(700).substring(0, 4) + "*"));
        set.add(text("from: a company domain", "from:company7.example"));
        set.add(text("subject: word", "subject:" + mail.word(40)));
        set.add(new QuerySpec("everything, newest first", scope -> request(scope, null, null, null, null,
                SortOrder.DATE)));
        set.add(new QuerySpec("word + archived", scope -> request(scope, mail.word(100), "archived", null, null,
                SortOrder.DATE)));
        set.add(new QuerySpec("word + date range", scope -> request(scope, "invoice", null, from, to,
                SortOrder.DATE)));
        set.add(new QuerySpec("relevance sort", scope -> request(scope, "payment OR paiement", null, null, null,
                SortOrder.RELEVANCE)));
        return set;
    }

    private static QuerySpec text(String name, String q) {
        return new QuerySpec(name + " `" + q + "`", scope -> request(scope, q, null, null, null, SortOrder.DATE));
    }

    private static SearchRequest request(Scope scope, String q, String status, Instant after, Instant before,
            SortOrder sort) {
        return new SearchRequest(scope, q, null, null, after, before, null, status, null, null, null, null, sort, 20,
                null);
    }

    private record Result(double[] all, double[] cpu, Map<String, double[]> byQuery, double meanHits) {
    }

    private Result measure(SearchService search, List<QuerySpec> set, int warmup, int queries, boolean domainScope) {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, List<Double>> byQuery = new HashMap<>();
        double[] all = new double[queries];
        double[] cpu = new double[queries];
        ThreadMXBean threadCpu = ManagementFactory.getThreadMXBean();
        long hits = 0;
        for (int n = 0; n < warmup + queries; n++) {
            QuerySpec spec = set.get(n % set.size());
            int account = random.nextInt(mail.accounts());
            Scope scope = domainScope ? Scope.domain(SyntheticMail.domain(account / mail.accountsPerDomain()))
                    : Scope.account(SyntheticMail.address(account, mail.accountsPerDomain()));
            long cpuStart = threadCpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long total = search.search(spec.request().apply(scope)).total();
            double millis = (System.nanoTime() - start) / 1e6;
            if (n >= warmup) {
                all[n - warmup] = millis;
                cpu[n - warmup] = (threadCpu.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                byQuery.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(millis);
                hits += total;
            }
        }
        Map<String, double[]> sorted = new HashMap<>();
        byQuery.forEach((name, list) -> sorted.put(name, list.stream().mapToDouble(Double::doubleValue).sorted()
                .toArray()));
        Arrays.sort(all);
        Arrays.sort(cpu);
        return new Result(all, cpu, sorted, (double) hits / queries);
    }

    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void report(int docs, int threads, double generateOnly, double[] indexing, long bytes,
            List<QuerySpec> set, Result account, Result domain) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "**Corpus.** %,d messages (seed %s): %d domains x %d accounts"
                        + " (%,d messages per account, %,d per domain), %.0f bytes per message on average; %d"
                        + " documents in the index.%n%n", indexed, options.getOrDefault("seed", "42"),
                mail.domains(), mail.accountsPerDomain(), indexed / mail.accounts(), indexed / mail.domains(),
                indexing[2], docs));
        out.append("| indexing | |\n| --- | ---: |\n");
        out.append(String.format(Locale.ROOT, "| messages/s (generate + parse + index, %d threads, commit"
                + " included) | %,.0f |%n", threads, indexing[1]));
        out.append(String.format(Locale.ROOT, "| wall time | %.1f s |%n", indexing[0]));
        out.append(String.format(Locale.ROOT, "| CPU time per message (all threads, GC and JIT included) | %.2f ms |%n",
                indexing[3]));
        out.append(String.format(Locale.ROOT, "| generator alone, 1 thread | %,.0f messages/s |%n", generateOnly));
        out.append(String.format(Locale.ROOT, "| index size | %.2f GiB (%,.0f bytes per message) |%n%n",
                bytes / (1024.0 * 1024 * 1024), (double) bytes / docs));
        out.append(String.format(Locale.ROOT, "| query latency, ms | p50 | p95 | p99 | max | mean hits |%n"));
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        row(out, "account scope, all queries", account.all(), account.meanHits());
        row(out, "domain scope, all queries", domain.all(), domain.meanHits());
        row(out, "account scope, CPU time of the same", account.cpu(), account.meanHits());
        row(out, "domain scope, CPU time of the same", domain.cpu(), domain.meanHits());
        out.append("\nPer query (p50 / p95 ms, account scope | domain scope):\n\n");
        for (QuerySpec spec : set) {
            double[] a = account.byQuery().get(spec.name());
            double[] d = domain.byQuery().get(spec.name());
            out.append(String.format(Locale.ROOT, "- %s: %.1f / %.1f | %.1f / %.1f%n", spec.name(),
                    percentile(a, 50), percentile(a, 95), percentile(d, 50), percentile(d, 95)));
        }
        System.out.print(out);
    }

    private static void row(StringBuilder out, String name, double[] sorted, double meanHits) {
        out.append(String.format(Locale.ROOT, "| %s (%d) | %.1f | %.1f | %.1f | %.1f | %,.0f |%n", name,
                sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted[sorted.length - 1], meanHits));
    }
}
