package io.postvault.search.reindex;

import io.postvault.search.config.SearchConfig;
import io.postvault.search.extract.MessageTextExtractor;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.index.Rebuild;
import io.postvault.search.reindex.Sources.Account;
import io.postvault.search.reindex.Sources.ArchivePage;
import io.postvault.search.reindex.Sources.ArchivedEntry;
import io.postvault.search.reindex.Sources.LiveMessage;
import io.postvault.search.reindex.Sources.LivePage;
import io.postvault.search.service.AccountDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Rebuilds the index from the owning services, one reindex at a time, as a task with progress. The accounts read are
 * those of every domain this service knows (protocol-service lists them) plus every account it has seen an event of
 * or holds documents of (their archive entries outlive them). Every live message and archive entry is fetched, parsed
 * and put into a new generation of the index while the served one keeps answering searches and taking events; the
 * generations are then swapped (see {@link Rebuild} for why no event is lost). A failure leaves the served index as
 * it was.
 */
@ApplicationScoped
public class ReindexService {

    private static final Logger LOG = Logger.getLogger(ReindexService.class);
    private static final int TASKS_KEPT = 20;

    /** One account to read: its live messages when protocol-service knows it ({@code accountId}), its archive. */
    private record Target(String address, String domain, String accountId, long liveCount) {
    }

    private final MessageIndex index;
    private final Sources sources;
    private final AccountDirectory directory;
    private final MessageTextExtractor extractor;
    private final TaskBoard board;
    private final String replica;
    private final Map<UUID, ReindexTask> tasks = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> daemon(r, "search-reindex"));
    private final ExecutorService fetchers;
    private volatile ReindexTask current;

    ReindexService(MessageIndex index, Sources sources, AccountDirectory directory, TaskBoard board,
            SearchConfig config) {
        this.index = index;
        this.board = board;
        this.replica = config.replica();
        this.sources = sources;
        this.directory = directory;
        this.extractor = new MessageTextExtractor(config.extraction().maxTextChars());
        this.fetchers = Executors.newFixedThreadPool(config.sources().parallelism(),
                r -> daemon(r, "search-reindex-fetch"));
    }

    /**
     * Starts a reindex.
     *
     * @throws AlreadyRunning when one is running (it is named)
     */
    public synchronized ReindexTask start() {
        if (current != null && !current.finished()) {
            throw new AlreadyRunning(current);
        }
        ReindexTask task = new ReindexTask(replica);
        board.forgetOld();
        publish(task);
        if (tasks.size() >= TASKS_KEPT) {
            tasks.values().stream().filter(ReindexTask::finished).map(ReindexTask::id).findFirst()
                    .ifPresent(tasks::remove);
        }
        tasks.put(task.id(), task);
        current = task;
        runner.submit(() -> run(task));
        return task;
    }

    /** A task of this replica, else as the replica running it last published it. */
    public Optional<ReindexTask.View> task(UUID id) {
        ReindexTask mine = tasks.get(id);
        return mine != null ? Optional.of(mine.view()) : board.find(id);
    }

    /** Publishes the progress of the running task for the other replicas (each second, and when it ends). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishProgress() {
        ReindexTask running = current;
        if (running != null && !running.finished()) {
            publish(running);
        }
    }

    /**
     * Serialised per task (the view is read and written under its lock), so that a progress view read before the task
     * ended never overwrites its final view.
     */
    private void publish(ReindexTask task) {
        synchronized (task) {
            try {
                board.publish(task.view());
            } catch (RuntimeException e) {
                LOG.warnf("cannot publish the progress of task %s: %s", task.id(), e.getMessage());
            }
        }
    }

    private void run(ReindexTask task) {
        Rebuild rebuild;
        try {
            rebuild = index.startRebuild();
        } catch (RuntimeException e) {
            task.failed(e.getMessage());
            publish(task);
            return;
        }
        try {
            List<Target> targets = targets();
            task.indexing(targets.stream().mapToLong(t -> t.liveCount() + sources.archiveCount(t.address())).sum());
            LOG.infof("reindex %s: %d accounts, %d messages", task.id(), targets.size(), task.view().total());
            for (Target target : targets) {
                indexLive(target, rebuild, task);
                indexArchive(target, rebuild, task);
            }
            task.swapping();
            rebuild.swap();
            task.succeeded();
            LOG.infof("reindex %s done: %d messages", task.id(), task.view().done());
        } catch (RuntimeException e) {
            LOG.errorf(e, "reindex %s failed; the index in use stays", task.id());
            rebuild.abandon();
            task.failed(e.getMessage());
        }
        publish(task);
    }

    /** The accounts to read: every account of every known domain, and every account known by its events. */
    private List<Target> targets() {
        Map<String, String> known = new LinkedHashMap<>(directory.all());
        for (String address : index.addresses()) {
            if (!known.containsKey(address) && address.contains("@")) {
                String domain = address.substring(address.indexOf('@') + 1);
                directory.remember(address, domain);
                known.put(address, domain);
            }
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String domain : new TreeSet<>(known.values())) {
            for (Account account : sources.accounts(domain)) {
                String address = account.address().toLowerCase(Locale.ROOT);
                directory.remember(address, domain);
                targets.put(address, new Target(account.address(), domain, account.id(), account.messageCount()));
            }
        }
        known.forEach((address, domain) -> targets.putIfAbsent(address, new Target(address, domain, null, 0)));
        return new ArrayList<>(targets.values());
    }

    private void indexLive(Target target, Rebuild rebuild, ReindexTask task) {
        if (target.accountId() == null) {
            return; // protocol-service does not know it (any more): only its archive is left
        }
        String cursor = null;
        do {
            LivePage page = sources.live(target.address(), cursor);
            List<Callable<Void>> work = new ArrayList<>();
            for (LiveMessage message : page.messages()) {
                work.add(() -> {
                    sources.liveBytes(target.address(), message.blobId()).ifPresent(bytes -> rebuild.put(
                            SourceDocuments.live(target.accountId(), target.domain(), message,
                                    extractor.extract(bytes))));
                    task.indexed(); // a message gone since it was listed counts as done: its removal event follows
                    return null;
                });
            }
            runAll(work);
            cursor = page.next();
        } while (cursor != null);
    }

    private void indexArchive(Target target, Rebuild rebuild, ReindexTask task) {
        String cursor = null;
        do {
            ArchivePage page = sources.archive(target.address(), cursor);
            List<Callable<Void>> work = new ArrayList<>();
            for (ArchivedEntry entry : page.items()) {
                work.add(() -> {
                    sources.archivedBytes(target.address(), entry.id()).ifPresent(bytes -> rebuild.put(
                            SourceDocuments.archived(entry, extractor.extract(bytes))));
                    task.indexed();
                    return null;
                });
            }
            runAll(work);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /** Runs a page's messages on the fetchers; the first failure stops the reindex. */
    private void runAll(List<Callable<Void>> work) {
        try {
            for (Future<Void> done : fetchers.invokeAll(work)) {
                done.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the reindex was interrupted", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        runner.shutdownNow();
        fetchers.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A reindex is already running. */
    public static class AlreadyRunning extends RuntimeException {
        private final transient ReindexTask running;

        AlreadyRunning(ReindexTask running) {
            super("a reindex is already running: task " + running.id());
            this.running = running;
        }

        public ReindexTask running() {
            return running;
        }
    }
}
