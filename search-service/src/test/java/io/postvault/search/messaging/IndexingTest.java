package io.postvault.search.messaging;

import static io.postvault.search.support.TestKafka.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MinioClient;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.data.Direction;
import io.postvault.search.support.History;
import io.postvault.search.support.TempIndexDir;
import io.postvault.search.support.TestKafka;
import io.postvault.search.support.TestMail;
import io.postvault.search.support.TestMail.Account;
import io.postvault.search.support.TestMail.Delivered;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events on the real broker, blobs in the real object store: the index follows each step of a message's life. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TempIndexDir.class)
class IndexingTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    MinioClient minio;
    @Inject
    EntityManager entityManager;

    @Test
    void deliveredMessageIsFoundLiveWithItsLink() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("Bob <bob@example.net>", account.address(),
                "Quarterly figures", "The pelican report is attached below."), 11, T);

        TestKafka.publish(d.event());

        JsonPath found = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "pelican")), r -> r.getList("items").size() == 1);
        assertThat(found.getInt("total")).isEqualTo(1);
        assertThat(found.getString("items[0].subject")).isEqualTo("Quarterly figures");
        assertThat(found.getString("items[0].status")).isEqualTo("live");
        assertThat(found.getString("items[0].direction")).isEqualTo("received");
        assertThat(found.getString("items[0].folder")).isEqualTo("INBOX");
        assertThat(found.getString("items[0].date")).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(found.getString("items[0].link.kind")).isEqualTo("live");
        assertThat(found.getString("items[0].link.address")).isEqualTo(account.address());
        assertThat(found.getString("items[0].link.folder")).isEqualTo("INBOX");
        assertThat(found.getLong("items[0].link.uidValidity")).isEqualTo(7L);
        assertThat(found.getLong("items[0].link.uid")).isEqualTo(11L);
        assertThat(found.getString("items[0].snippets[0]")).contains("<mark>pelican</mark>");
    }

    @Test
    void anEventAnotherReplicaAppliedIsStillAppliedToThisReplicasIndexAndRecordedUnderItsName() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Two replicas", "Every replica indexes the armadillo."), 15, T);
        // search-service-1 (another replica, with its own index) applied this event before this one read it.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO processed_event (replica, event_id, type, processed_at)"
                                + " VALUES ('search-service-1', ?1, 'message.delivered', now())")
                .setParameter(1, d.event().id()).executeUpdate());

        TestKafka.publish(d.event());

        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "armadillo").size() == 1);
        await().atMost(PATIENCE).until(() -> appliedBy(d.event()).contains("search-service-0"));
        assertThat(appliedBy(d.event())).containsExactlyInAnyOrder("search-service-0", "search-service-1");
    }

    @SuppressWarnings("unchecked")
    private List<String> appliedBy(Event event) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT replica FROM processed_event WHERE event_id = ?1").setParameter(1, event.id())
                .getResultList());
    }

    @Test
    void removalAndArchiveStoredMakeItArchivedAndEvictionRemovesIt() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Holiday plans", "We will take the ferry to Corsica."), 12, T);
        TestKafka.publish(d.event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "ferry").size() == 1);

        Event removal = TestMail.removed(d, T.plusSeconds(3600));
        Event stored = TestMail.stored(removal, T.plusSeconds(3601));
        TestKafka.publish(removal, stored);

        JsonPath archived = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "ferry")), r -> "archived".equals(r.getString("items[0].status"))
                && r.getString("items[0].link.archiveId") != null);
        assertThat(archived.getInt("total")).isEqualTo(1);
        assertThat(archived.getString("items[0].link.kind")).isEqualTo("archive");
        assertThat(archived.getString("items[0].link.archiveId"))
                .isEqualTo(((io.postvault.events.data.ArchiveStored) stored.data()).archiveId().toString());
        assertThat(archived.getString("items[0].folder")).isEqualTo("INBOX");

        TestKafka.publish(TestMail.evicted(stored));

        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of("q", "ferry"))
                .getInt("total") == 0);
        // A replay of the old delivery (a dead letter retried later) does not bring it back: the inbox knows it.
        TestKafka.publish(d.event(), TestMail.deliver(minio, account, TestMail.plain("x@example.net",
                account.address(), "marker", "marker words"), 13, T).event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "marker").size() == 1);
        assertThat(History.subjects(account.address(), "ferry")).isEmpty();
    }

    @Test
    void archiveStoredBeforeItsRemovalStillGivesOneArchivedDocumentWithItsFolderAndTheMessageIsNeverListedTwice() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Out of order", "The walrus arrived first."), 14, T);
        TestKafka.publish(d.event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "walrus").size() == 1);
        TestMail.store(minio, TestMail.ARCHIVE, d.blob());
        Event removal = TestMail.removed(d, T.plusSeconds(60));

        // As a restarted replica catches up: its archive consumer runs ahead of its mail consumer.
        Event stored = TestMail.stored(removal, T.plusSeconds(61));
        TestKafka.publish(stored);
        await().atMost(PATIENCE).until(() -> appliedBy(stored).contains("search-service-0"));
        JsonPath meanwhile = History.account(account.address(), Map.of("q", "walrus"));
        assertThat(meanwhile.getInt("total")).as("listed once, still live").isEqualTo(1);
        assertThat(meanwhile.getString("items[0].status")).isEqualTo("live");
        assertThat(History.account(account.address(), Map.of("q", "walrus", "status", "archived")).getInt("total"))
                .isZero();
        TestKafka.publish(removal);

        JsonPath after = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "walrus")), r -> "archived".equals(r.getString("items[0].status")));
        assertThat(after.getInt("total")).isEqualTo(1);
        assertThat(after.getString("items[0].status")).isEqualTo("archived");
        assertThat(after.getString("items[0].folder")).isEqualTo("INBOX");
        assertThat(after.getString("items[0].link.archiveId")).isNotNull();
    }

    @Test
    void theLiveDocumentFollowsSeenAndFlaggedInModseqOrderAndAnArchivedOneHasNoFlags() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Flag me", "The narwhal reads its mail."), 21, T);
        TestKafka.publish(d.event());
        JsonPath unseen = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "narwhal", "seen", "false", "flagged", "false")), r -> r.getInt("total") == 1);
        assertThat(unseen.getBoolean("items[0].seen")).isFalse();
        assertThat(unseen.getBoolean("items[0].flagged")).isFalse();

        TestKafka.publish(TestMail.flagsChanged(d, true, true, 5));
        JsonPath flagged = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "narwhal", "seen", "true", "flagged", "true")), r -> r.getInt("total") == 1);
        assertThat(flagged.getBoolean("items[0].seen")).isTrue();
        assertThat(flagged.getBoolean("items[0].flagged")).isTrue();
        assertThat(History.account(account.address(), Map.of("q", "narwhal", "seen", "false")).getInt("total"))
                .isZero();

        // An older change read late (MODSEQ 3 < 5) changes nothing; a newer one (6) is followed.
        Event older = TestMail.flagsChanged(d, false, false, 3);
        TestKafka.publish(older);
        await().atMost(PATIENCE).until(() -> appliedBy(older).contains("search-service-0"));
        assertThat(History.account(account.address(), Map.of("q", "narwhal", "seen", "true", "flagged", "true"))
                .getInt("total")).isEqualTo(1);
        TestKafka.publish(TestMail.flagsChanged(d, true, false, 6));
        await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "narwhal", "seen", "true", "flagged", "false")).getInt("total") == 1);
        TestKafka.publish(TestMail.flagsChanged(d, false, false, 7));
        await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "narwhal", "seen", "false")).getInt("total") == 1);

        // Archived: the archive keeps no flags, and a flag change read after the removal changes nothing.
        Event removal = TestMail.removed(d, T.plusSeconds(60));
        TestKafka.publish(removal, TestMail.stored(removal, T.plusSeconds(61)));
        JsonPath archived = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "narwhal")), r -> "archived".equals(r.getString("items[0].status")));
        assertThat(archived.getInt("total")).isEqualTo(1);
        assertThat(archived.get("items[0].seen") == null).isTrue();
        Event late = TestMail.flagsChanged(d, true, true, 8);
        TestKafka.publish(late);
        await().atMost(PATIENCE).until(() -> appliedBy(late).contains("search-service-0"));
        assertThat(History.account(account.address(), Map.of("q", "narwhal")).getInt("total")).isEqualTo(1);
        assertThat(History.account(account.address(), Map.of("q", "narwhal", "seen", "true")).getInt("total"))
                .isZero();
        assertThat(History.account(account.address(), Map.of("q", "narwhal", "status", "live")).getInt("total"))
                .isZero();
    }

    @Test
    void aMovedMessageIsFoundInItsNewFolderOnlyAndItsExpungeThereArchivesItOnce() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Move me", "The wombat changes folders."), 41, T);
        TestKafka.publish(d.event(), TestMail.flagsChanged(d, true, false, 4));
        await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "wombat", "seen", "true")).getInt("total") == 1);

        TestKafka.publish(TestMail.moved(d, "Projects", 7L, 3, 9));

        JsonPath moved = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "wombat")), r -> "Projects".equals(r.getString("items[0].folder")));
        assertThat(moved.getInt("total")).isEqualTo(1);
        assertThat(moved.getLong("items[0].link.uid")).isEqualTo(3L);
        assertThat(moved.getString("items[0].link.folder")).isEqualTo("Projects");
        assertThat(moved.getBoolean("items[0].seen")).isTrue();
        assertThat(History.account(account.address(), Map.of("q", "wombat", "folder", "INBOX")).getInt("total"))
                .isZero();
        // a move of a message that has no live document here changes nothing
        Event unknown = TestMail.moved(d, "Elsewhere", 7L, 4, 10);
        TestKafka.publish(unknown);
        await().atMost(PATIENCE).until(() -> appliedBy(unknown).contains("search-service-0"));
        assertThat(History.account(account.address(), Map.of("q", "wombat")).getString("items[0].folder"))
                .isEqualTo("Projects");

        Event removal = TestMail.expungedFrom(d, "Projects", 3, T.plusSeconds(60));
        TestKafka.publish(removal, TestMail.stored(removal, T.plusSeconds(61)));
        JsonPath archived = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "wombat")), r -> "archived".equals(r.getString("items[0].status")));
        assertThat(archived.getInt("total")).isEqualTo(1);
        assertThat(archived.getString("items[0].folder")).isEqualTo("Projects");
    }

    @Test
    void anExpungedCopyLeavesOneLiveDocumentAndTheLastCopysRemovalArchivesIt() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Copy me", "The capybara has two copies."), 51, T);
        Delivered copy = TestMail.copied(d, "Projects", 1);
        TestKafka.publish(d.event(), copy.event());
        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of("q", "capybara"))
                .getInt("total") == 2);

        TestKafka.publish(TestMail.copyRemoved(d));

        JsonPath left = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "capybara")), r -> r.getInt("total") == 1);
        assertThat(left.getString("items[0].status")).isEqualTo("live");
        assertThat(left.getString("items[0].folder")).isEqualTo("Projects");

        Event removal = TestMail.expunged(copy, Direction.RECEIVED, T.plusSeconds(60));
        TestKafka.publish(removal, TestMail.copyRemoved(d)); // a second copy removal of it changes nothing
        JsonPath archived = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "capybara")), r -> "archived".equals(r.getString("items[0].status")));
        assertThat(archived.getInt("total")).isEqualTo(1);
    }

    @Test
    void aRemovalReadAfterItsEntryWasEvictedDoesNotBringItBack() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Late removal", "The axolotl was evicted long ago."), 31, T);
        TestKafka.publish(d.event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "axolotl").size() == 1);
        TestMail.store(minio, TestMail.ARCHIVE, d.blob());
        Event removal = TestMail.removed(d, T.plusSeconds(60));
        Event stored = TestMail.stored(removal, T.plusSeconds(61));

        // The archive topic runs ahead: stored, then evicted, before the mail topic brings the removal.
        TestKafka.publish(stored);
        await().atMost(PATIENCE).until(() -> appliedBy(stored).contains("search-service-0"));
        Event evicted = TestMail.evicted(stored);
        TestKafka.publish(evicted);
        await().atMost(PATIENCE).until(() -> appliedBy(evicted).contains("search-service-0"));
        TestKafka.publish(removal, TestMail.deliver(minio, account, TestMail.plain("x@example.net",
                account.address(), "marker", "marker words"), 32, T).event());

        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "marker").size() == 1);
        assertThat(History.account(account.address(), Map.of("q", "axolotl")).getInt("total")).isZero();
    }

    @Test
    void accentedHtmlOnlyBase64AndBrokenMessagesAreFoundByTheirWords() {
        Account account = Account.fresh();
        String accented = "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.fr>\nTo: " + account.address()
                + "\nSubject: =?ISO-8859-1?Q?Bulletin_de_l'=E9l=E8ve?=\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Les r=E9sultats du trimestre sont excellents.\n";
        String html = "From: shop@example.com\nTo: " + account.address() + "\nSubject: Your order\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=utf-8\n\n<html><body><p>Your <b>kayak</b> &amp; paddle "
                + "ship tomorrow</p></body></html>\n";
        String base64 = "From: bank@example.com\nTo: " + account.address() + "\nSubject: Statement\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString("Votre relevé mensuel: aubergine"
                        .getBytes(StandardCharsets.UTF_8)) + "\n";
        String broken = "From: broken@example.com\nTo: " + account.address() + "\nSubject: platypus alarm\n"
                + "Content-Type: multipart/mixed\nContent-Transfer-Encoding: base64\n\n%%% not base64 %%%\n--x\n";
        TestKafka.publish(TestMail.deliver(minio, account, accented, 1, T).event(),
                TestMail.deliver(minio, account, html, 2, T.plusSeconds(1)).event(),
                TestMail.deliver(minio, account, base64, 3, T.plusSeconds(2)).event(),
                TestMail.deliver(minio, account, broken, 4, T.plusSeconds(3)).event());

        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of()).getInt("total") == 4);
        assertThat(History.subjects(account.address(), "eleve")).containsExactly("Bulletin de l'élève");
        assertThat(History.subjects(account.address(), "élèves")).containsExactly("Bulletin de l'élève");
        assertThat(History.subjects(account.address(), "resultats trimestre")).containsExactly("Bulletin de l'élève");
        assertThat(History.subjects(account.address(), "from:renee")).containsExactly("Bulletin de l'élève");
        assertThat(History.subjects(account.address(), "kayak")).containsExactly("Your order");
        assertThat(History.subjects(account.address(), "\"kayak paddle\"")).containsExactly("Your order");
        assertThat(History.subjects(account.address(), "html OR body OR b")).isEmpty();
        assertThat(History.subjects(account.address(), "aubergine releve")).containsExactly("Statement");
        assertThat(History.subjects(account.address(), "subject:platypus")).containsExactly("platypus alarm");
        assertThat(History.subjects(account.address(), "from:broken@example.com")).containsExactly("platypus alarm");
    }

    @Test
    void multilingualMessagesInTheirOwnCharsetsAreFoundByTheirWords() throws Exception {
        Account account = Account.fresh();
        byte[] russian = concat(("From: ivan@example.ru\r\nTo: " + account.address() + "\r\nSubject: =?KOI8-R?B?"
                + Base64.getEncoder().encodeToString("Отчёт о встрече".getBytes("KOI8-R")) + "?=\r\nMIME-Version: 1.0"
                + "\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), "Встреча перенесена на пятницу.\r\n".getBytes("KOI8-R"));
        String japanese = "From: taro@example.jp\nTo: " + account.address() + "\nSubject: =?ISO-2022-JP?B?"
                + Base64.getEncoder().encodeToString("東京の会議".getBytes("ISO-2022-JP")) + "?=\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString("来週の大阪出張について".getBytes("Shift_JIS")) + "\n";
        String german = "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\nTo: " + account.address()
                + "\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_der_Stra=C3=9Fe?=\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Zw=C3=B6lf Kisten. =C2=A1Ma=C3=B1ana en Espa=C3=B1a! =CE=9A=CE=B1=CE=BB=CE=B7=CE=BC=CE=AD=CF=81=CE=B1\n";
        TestKafka.publish(TestMail.deliverBytes(minio, account, "INBOX", russian, 1, T).event(),
                TestMail.deliver(minio, account, japanese, 2, T.plusSeconds(1)).event(),
                TestMail.deliver(minio, account, german, 3, T.plusSeconds(2)).event());

        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of()).getInt("total") == 3);
        assertThat(History.subjects(account.address(), "отчет пятницу")).containsExactly("Отчёт о встрече");
        assertThat(History.subjects(account.address(), "\"東京\"")).containsExactly("東京の会議");
        assertThat(History.subjects(account.address(), "大阪")).containsExactly("東京の会議");
        assertThat(History.subjects(account.address(), "strasse")).containsExactly("Grüße aus der Straße");
        assertThat(History.subjects(account.address(), "from:muller zwolf")).containsExactly("Grüße aus der Straße");
        assertThat(History.subjects(account.address(), "manana καλημερα")).containsExactly("Grüße aus der Straße");
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void anImapExpungeFromSentArchivesItAsSentAndItsEvictionRemovesIt() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliverTo(minio, account, "Sent", TestMail.plain(account.address(),
                "friend@example.org", "Minutes", "The capybara minutes."), 40, T);
        TestKafka.publish(d.event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "capybara").size() == 1);
        assertThat(History.account(account.address(), Map.of("q", "capybara")).getString("items[0].direction"))
                .isEqualTo("sent");

        Event expunge = TestMail.expunged(d, Direction.SENT, T.plusSeconds(60));
        Event stored = TestMail.stored(expunge, T.plusSeconds(61));
        TestKafka.publish(expunge, stored);
        JsonPath archived = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "capybara", "status", "archived", "direction", "sent")),
                r -> r.getInt("total") == 1 && r.getString("items[0].link.archiveId") != null);
        assertThat(archived.getString("items[0].folder")).isEqualTo("Sent");
        assertThat(History.account(account.address(), Map.of("q", "capybara", "status", "live")).getInt("total"))
                .isZero();

        TestKafka.publish(TestMail.evicted(stored));
        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of("q", "capybara"))
                .getInt("total") == 0);
    }

    @Test
    void redeliveredEventsLeaveOneDocument() {
        Account account = Account.fresh();
        Delivered d = TestMail.deliver(minio, account, TestMail.plain("bob@example.net", account.address(),
                "Again", "The narwhal again."), 21, T);
        Event removal = TestMail.removed(d, T.plusSeconds(60));

        TestKafka.publish(d.event(), d.event(), d.event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "narwhal").size() == 1);
        TestKafka.publish(removal, removal, d.event(), removal);

        await().atMost(PATIENCE).until(() -> "archived".equals(History.account(account.address(),
                Map.of("q", "narwhal")).getString("items[0].status")));
        TestKafka.publish(TestMail.deliver(minio, account, TestMail.plain("x@example.net", account.address(),
                "fence", "fence"), 22, T).event());
        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "fence").size() == 1);
        JsonPath all = History.account(account.address(), Map.of("q", "narwhal"));
        assertThat(all.getInt("total")).isEqualTo(1);
        assertThat(all.getString("items[0].status")).isEqualTo("archived");
    }

    @Test
    void submittedMessageIsArchivedAsSentAndLeavesWhenItsEntryIsDeleted() {
        Account account = Account.fresh();
        Event submitted = TestMail.submitted(minio, account, TestMail.plain(account.address(), "friend@example.org",
                "Invitation", "Come to the flamingo party."), T);
        Event stored = TestMail.stored(submitted, T.plusSeconds(1));

        TestKafka.publish(submitted, stored);

        JsonPath found = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "flamingo")), r -> r.getString("items[0].link.archiveId") != null);
        assertThat(found.getString("items[0].status")).isEqualTo("archived");
        assertThat(found.getString("items[0].direction")).isEqualTo("sent");
        assertThat(found.getString("items[0].folder")).isNull();
        assertThat(History.account(account.address(), Map.of("direction", "sent", "status", "archived"))
                .getInt("total")).isEqualTo(1);

        TestKafka.publish(TestMail.deleted(stored));

        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of()).getInt("total") == 0);
    }

    @Test
    void theSentCopyOfASubmissionLeavesWithItsCopyRemovalAndTheSubmissionStaysItsOneEntry() {
        Account account = Account.fresh();
        String text = TestMail.plain(account.address(), "friend@example.org", "Minutes", "The pangolin minutes.");
        Event submitted = TestMail.submitted(minio, account, text, T);
        Delivered sentCopy = TestMail.deliverTo(minio, account, "Sent", text, 1, T); // live in \Sent, the same bytes
        TestKafka.publish(submitted, TestMail.stored(submitted, T.plusSeconds(1)), sentCopy.event());
        await().atMost(PATIENCE).until(() -> History.account(account.address(), Map.of("q", "pangolin"))
                .getInt("total") == 2);

        // its removal, the last copy's too, is a message.copy-removed (the submission archived the message)
        TestKafka.publish(TestMail.copyRemoved(sentCopy));

        JsonPath left = await().atMost(PATIENCE).until(() -> History.account(account.address(),
                Map.of("q", "pangolin")), r -> r.getInt("total") == 1);
        assertThat(left.getString("items[0].status")).isEqualTo("archived");
        assertThat(left.getString("items[0].direction")).isEqualTo("sent");
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        Account account = Account.fresh();
        TestKafka.publishRaw("postvault.mail.v1", account.id(), "{not json".getBytes(StandardCharsets.UTF_8));
        TestKafka.publish(TestMail.deliver(minio, account, TestMail.plain("a@example.com", account.address(),
                "after the bad one", "ocelot"), 1, T).event());

        await().atMost(PATIENCE).until(() -> History.subjects(account.address(), "ocelot").size() == 1);
        List<?> dead = TestKafka.readUntil("postvault.dlq.search", records -> records.stream()
                .anyMatch(r -> account.id().equals(r.key())));
        assertThat(dead).isNotEmpty();
    }
}
