package io.postvault.archive.messaging;

import static io.postvault.archive.support.TestKafka.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MinioClient;
import io.postvault.archive.support.ArchiveDb;
import io.postvault.archive.support.TestKafka;
import io.postvault.archive.support.TestMail;
import io.postvault.archive.support.TestMail.Account;
import io.postvault.archive.support.TestMail.Blob;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.SampleEvents;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.Direction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** message.removed / message.submitted on the real broker become archive entries, S3 objects and archive.stored. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ArchivingTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    MinioClient minio;
    @Inject
    ArchiveDb db;

    @Test
    void removalBecomesEntryObjectAndStoredEventAndReplaysChangeNothing() {
        Account account = Account.fresh();
        Blob blob = TestMail.store(minio, TestMail.message("Hello", UUID.randomUUID().toString()));
        Event removal = TestMail.removed(account, blob, T, T.plusSeconds(60));

        TestKafka.publish(removal);
        UUID entryId = await().atMost(PATIENCE).until(() -> db.entryOf(removal.id()), o -> o.isPresent()).get();
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, blob.id())).isTrue();
        Event stored = storedEventsFor(removal.id(), 1).get(0);
        assertThat(stored.key()).isEqualTo(account.id());
        assertThat(stored.data()).isEqualTo(new ArchiveStored(entryId, removal.id(), account.address(), blob.id(),
                blob.bytes().length, Direction.RECEIVED, T.plusSeconds(60)));

        TestKafka.publish(removal, removal, removal);

        // Each replay re-publishes the same archive.stored (same id: consumers deduplicate it) and nothing else.
        List<Event> republished = storedEventsFor(removal.id(), 4);
        assertThat(republished).allMatch(e -> e.equals(stored));
        assertThat(db.count("address = ?1", account.address())).isEqualTo(1);
        assertThat(db.refs(blob.id())).isEqualTo(1);
    }

    @Test
    void submissionIsArchivedAsSent() {
        Account account = Account.fresh();
        Blob blob = TestMail.store(minio, TestMail.message("Sent one", UUID.randomUUID().toString()));
        Event submitted = TestMail.submitted(account, blob, T);

        TestKafka.publish(submitted);

        await().atMost(PATIENCE).until(() -> db.entryOf(submitted.id()).isPresent());
        assertThat(db.count("source_event_id = ?1 AND direction = 'SENT' AND reason = 'SUBMITTED'"
                + " AND origin_folder IS NULL AND has_attachments", submitted.id())).isEqualTo(1);
        assertThat(((ArchiveStored) storedEventsFor(submitted.id(), 1).get(0).data()).direction())
                .isEqualTo(Direction.SENT);
    }

    @Test
    void theSameBlobArchivedFromTwoAccountsIsStoredOnceWithTwoReferences() {
        Blob blob = TestMail.store(minio, TestMail.message("To both", UUID.randomUUID().toString()));
        Account alice = Account.fresh();
        Account bob = Account.in(alice.domain());
        Event first = TestMail.removed(alice, blob, T, T.plusSeconds(1));
        Event second = TestMail.removed(bob, blob, T, T.plusSeconds(2));

        TestKafka.publish(first, second);

        await().atMost(PATIENCE).until(() -> db.entryOf(first.id()).isPresent() && db.entryOf(second.id()).isPresent());
        assertThat(db.refs(blob.id())).isEqualTo(2);
        assertThat(db.count("blob_id = ?1", blob.id())).isEqualTo(2);
        assertThat(TestMail.exists(minio, TestMail.ARCHIVE, blob.id())).isTrue();
    }

    @Test
    void otherMailEventsAreSkippedWithoutATrace() {
        Account account = Account.fresh();
        Blob blob = TestMail.store(minio, TestMail.message("After", UUID.randomUUID().toString()));
        Event delivered = SampleEvents.of(EventType.MESSAGE_DELIVERED);
        Event deliveredHere = new Event(delivered.id(), delivered.source(), delivered.type(), delivered.time(),
                account.domain(), account.id(), delivered.data());
        Event flags = SampleEvents.of(EventType.MESSAGE_FLAGS_CHANGED);
        Event flagsHere = new Event(flags.id(), flags.source(), flags.type(), flags.time(), account.domain(),
                account.id(), flags.data());
        // a move renames a live message, a copy removal drops a copy while another stays: nothing to archive
        Event moved = SampleEvents.of(EventType.MESSAGE_MOVED);
        Event movedHere = new Event(moved.id(), moved.source(), moved.type(), moved.time(), account.domain(),
                account.id(), moved.data());
        Event copyRemoved = SampleEvents.of(EventType.MESSAGE_COPY_REMOVED);
        Event copyRemovedHere = new Event(copyRemoved.id(), copyRemoved.source(), copyRemoved.type(),
                copyRemoved.time(), account.domain(), account.id(), copyRemoved.data());
        Event removal = TestMail.removed(account, blob, T, T);

        // Same key, same partition: once the removal is archived, the events before it have been consumed.
        TestKafka.publish(deliveredHere, flagsHere, movedHere, copyRemovedHere, removal);

        await().atMost(PATIENCE).until(() -> db.entryOf(removal.id()).isPresent());
        assertThat(db.processed(deliveredHere.id())).isFalse();
        assertThat(db.processed(flagsHere.id())).isFalse();
        assertThat(db.processed(movedHere.id())).isFalse();
        assertThat(db.processed(copyRemovedHere.id())).isFalse();
        assertThat(db.entryOf(copyRemovedHere.id())).isEmpty();
        assertThat(db.processed(removal.id())).isTrue();
    }

    private static List<Event> storedEventsFor(UUID sourceEventId, int atLeast) {
        return TestKafka.readEventsUntil(Topics.ARCHIVE, events -> matching(events, sourceEventId).size() >= atLeast)
                .stream().filter(e -> matching(List.of(e), sourceEventId).size() == 1).toList();
    }

    private static List<Event> matching(List<Event> events, UUID sourceEventId) {
        return events.stream().filter(e -> e.data() instanceof ArchiveStored stored
                && stored.sourceEventId().equals(sourceEventId)).toList();
    }
}
