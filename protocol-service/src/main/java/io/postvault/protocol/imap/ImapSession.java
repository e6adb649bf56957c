package io.postvault.protocol.imap;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapRequest;
import io.postvault.protocol.imap.codec.ImapRequestDecoder;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.ModifiedUtf7;
import io.postvault.protocol.imap.codec.SequenceSet;
import io.postvault.protocol.imap.command.FetchCommand;
import io.postvault.protocol.imap.command.SearchParser;
import io.postvault.protocol.imap.handler.FetchHandler;
import io.postvault.protocol.imap.response.FetchEncoder;
import io.postvault.protocol.imap.response.ImapStrings;
import io.postvault.protocol.imap.session.SelectedView;
import io.postvault.protocol.imap.session.SessionState;
import io.postvault.protocol.net.Frame;
import io.postvault.protocol.net.FrameHandler;
import io.postvault.protocol.net.ProtocolConnection;
import io.postvault.protocol.quota.QuotaAlert;
import io.postvault.protocol.store.FolderChanges;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.SearchKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One IMAP connection (RFC 3501 and the extensions in {@link #capabilities}). Requests come whole from
 * {@link ImapRequestDecoder}; the command gate of {@link SessionState} decides what may run; store calls run on worker
 * threads; errors become responses in {@link #failed} only.
 */
final class ImapSession implements FrameHandler, FetchHandler.Session {

    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    private static final Set<String> SYSTEM_FLAGS = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");
    private static final DateTimeFormatter APPEND_DATE =
            DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern PLAIN = Pattern.compile("\0");

    final ProtocolConnection connection;
    final ImapServer server;
    private final boolean implicitTls;
    private final ImapRequestDecoder decoder;
    private final Context context;
    SessionState state = SessionState.NOT_AUTHENTICATED;
    Mailbox account;
    // selected folder
    ImapMessages.Opened folder;
    SelectedView view;
    boolean readOnly;
    long knownModseq;
    long knownUidNext;
    /** MODSEQs of this session's own flag changes: already reported (or silenced), not to be echoed by {@link #sync}. */
    private final Set<Long> ownModseqs = new java.util.HashSet<>();
    private FolderChanges.Registration watch;
    // continuations
    private String saslTag;
    private String idleTag;
    private int failedLogins;
    private final QuotaAlert quotaAlert;

    ImapSession(ProtocolConnection connection, ImapServer server, boolean implicitTls) {
        this.connection = connection;
        this.server = server;
        this.implicitTls = implicitTls;
        ImapConfig c = server.config;
        this.decoder = new ImapRequestDecoder(c.maxLiteralSize(), c.maxLiteralSize() + 16L * c.maxLineLength(),
                c.maxLiterals());
        this.context = Vertx.currentContext();
        this.quotaAlert = server.nearlyFull.session();
    }

    @Override
    public void start() {
        write("* OK [CAPABILITY " + capabilities() + "] " + server.config.hostname() + " PostVault IMAP4rev1 ready");
    }

    @Override
    public String idleTimeoutReply() {
        return "* BYE Autologout; idle for too long";
    }

    String capabilities() {
        StringBuilder caps = new StringBuilder("IMAP4rev1 LITERAL+ SASL-IR ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE");
        caps.append(" SPECIAL-USE CHILDREN");
        if (state == SessionState.NOT_AUTHENTICATED) {
            if (!implicitTls && !connection.secure()) {
                caps.append(" STARTTLS");
            }
            caps.append(authAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
        }
        return caps.toString();
    }

    private boolean authAllowed() {
        return connection.secure() || (server.config.allowPlaintextOnLoopback() && connection.loopback());
    }

    // --- framing ---------------------------------------------------------------------------------------------

    @Override
    public Future<Void> handle(Frame frame) {
        if (saslTag != null || idleTag != null) {
            String text = frame instanceof Frame.Line line ? line.text() : "";
            return saslTag != null ? saslContinuation(text) : idleContinuation(text);
        }
        ImapRequestDecoder.Step step = decoder.feed(frame);
        if (step instanceof ImapRequestDecoder.NeedLiteral literal) {
            if (literal.synchronizing()) {
                write("+ Ready for literal data");
            }
            connection.decoder().startLiteral(literal.size());
            return Future.succeededFuture();
        }
        if (step instanceof ImapRequestDecoder.Rejected rejected) {
            write(rejected.tag() + " " + rejected.response());
            return Future.succeededFuture();
        }
        if (step instanceof ImapRequestDecoder.Complete complete) {
            return execute(complete.request());
        }
        return Future.succeededFuture();
    }

    private Future<Void> execute(ImapRequest request) {
        ImapReader in = new ImapReader(request);
        String tag;
        String name;
        try {
            tag = in.tag();
            in.sp();
            name = in.atom().toUpperCase(Locale.ROOT);
        } catch (ImapSyntaxException e) {
            write(request.tag() + " BAD Expected tag and command");
            return Future.succeededFuture();
        }
        if (!SessionState.known(name)) {
            write(tag + " BAD Unknown command " + name);
            return Future.succeededFuture();
        }
        if (!state.allows(name)) {
            write(tag + " BAD Command " + name + " not valid in state " + state);
            return Future.succeededFuture();
        }
        Future<String> result;
        try {
            result = dispatch(tag, name, in);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.transform(ar -> {
            if (ar.succeeded()) {
                quotaAlert.due(name, account).ifPresent(this::write);
                if (ar.result() != null) {
                    write(tag + " " + ar.result());
                }
            } else {
                failed(tag, ar.cause());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /** The one place where errors become responses. */
    private void failed(String tag, Throwable e) {
        if (e instanceof ImapSyntaxException) {
            write(tag + " BAD " + e.getMessage());
        } else if (e instanceof MailboxException m) {
            write(tag + " NO [" + m.code() + "] " + m.getMessage());
        } else if (e instanceof SearchParser.BadCharset) {
            write(tag + " NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
        } else if (e instanceof SearchParser.Unsupported) {
            write(tag + " NO [CANNOT] " + e.getMessage());
        } else {
            LOG.warnf(e, "IMAP command %s failed", tag);
            write(tag + " NO [SERVERBUG] Internal server error, try again later");
        }
    }

    private Future<String> dispatch(String tag, String name, ImapReader in) {
        switch (name) {
            case "CAPABILITY":
                in.end();
                write("* CAPABILITY " + capabilities());
                return ok("CAPABILITY completed");
            case "NOOP":
            case "CHECK":
                in.end();
                return sync(true).map(v -> "OK " + name + " completed");
            case "LOGOUT":
                in.end();
                write("* BYE Logging out");
                write(tag + " OK LOGOUT completed");
                state = SessionState.LOGOUT;
                connection.close();
                return Future.succeededFuture(null);
            case "ID":
                return id(in);
            case "STARTTLS":
                return startTls(tag, in);
            case "LOGIN":
                return login(tag, in);
            case "AUTHENTICATE":
                return authenticate(tag, in);
            case "NAMESPACE":
                in.end();
                write("* NAMESPACE ((\"\" \"/\")) NIL NIL");
                return ok("NAMESPACE completed");
            case "SELECT":
            case "EXAMINE":
                return select(in, name.equals("EXAMINE"));
            case "CREATE":
                return create(in);
            case "DELETE":
                return delete(in);
            case "RENAME":
                return rename(in);
            case "SUBSCRIBE":
            case "UNSUBSCRIBE":
                return subscribe(in, name.equals("SUBSCRIBE"));
            case "LIST":
            case "LSUB":
                return list(in, name.equals("LSUB"));
            case "STATUS":
                return status(in);
            case "APPEND":
                return append(in);
            case "IDLE":
                in.end();
                return idle(tag);
            case "CLOSE":
            case "UNSELECT":
                in.end();
                return close(name.equals("CLOSE"));
            case "EXPUNGE":
                in.end();
                return expunge(null);
            case "UID":
                in.sp();
                String sub = in.atom().toUpperCase(Locale.ROOT);
                return switch (sub) {
                    case "FETCH" -> fetch(in, true);
                    case "STORE" -> store(in, true);
                    case "SEARCH" -> search(in, true);
                    case "COPY" -> copy(in, true, false);
                    case "MOVE" -> copy(in, true, true);
                    case "EXPUNGE" -> {
                        in.sp();
                        SequenceSet set = SequenceSet.parse(in.sequenceSet());
                        in.end();
                        yield expunge(view.byUid(set));
                    }
                    default -> Future.failedFuture(new ImapSyntaxException("Unknown UID command " + sub));
                };
            case "FETCH":
                return fetch(in, false);
            case "STORE":
                return store(in, false);
            case "SEARCH":
                return search(in, false);
            case "COPY":
                return copy(in, false, false);
            case "MOVE":
                return copy(in, false, true);
            default:
                return Future.succeededFuture("BAD Unknown command");
        }
    }

    private static Future<String> ok(String text) {
        return Future.succeededFuture("OK " + text);
    }

    // --- not authenticated -----------------------------------------------------------------------------------

    private Future<String> id(ImapReader in) {
        in.sp();
        if (in.accept('(')) {
            while (!in.accept(')')) {
                in.accept(' ');
                in.nstring();
                in.sp();
                in.nstring();
            }
        } else {
            in.nstring();
        }
        in.end();
        write("* ID (\"name\" \"PostVault\" \"vendor\" \"PostVault\")");
        return ok("ID completed");
    }

    private Future<String> startTls(String tag, ImapReader in) {
        in.end();
        if (implicitTls || connection.secure()) {
            return Future.succeededFuture("BAD TLS already active");
        }
        write(tag + " OK Begin TLS negotiation now");
        return connection.upgradeToTls().transform(ar -> {
            if (ar.failed()) {
                LOG.debugf("TLS handshake failed: %s", ar.cause().toString());
                connection.close();
            }
            return Future.succeededFuture(null);
        });
    }

    private Future<String> login(String tag, ImapReader in) {
        in.sp();
        String user = in.astring();
        in.sp();
        String password = in.astring();
        in.end();
        if (!authAllowed()) {
            return Future.succeededFuture("NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS");
        }
        return login(user, password);
    }

    private Future<String> authenticate(String tag, ImapReader in) {
        in.sp();
        String mechanism = in.atom();
        String initial = null;
        if (in.accept(' ')) {
            initial = in.astringAtom();
        }
        in.end();
        if (!mechanism.equalsIgnoreCase("PLAIN")) {
            return Future.succeededFuture("NO [CANNOT] Unsupported authentication mechanism");
        }
        if (!authAllowed()) {
            return Future.succeededFuture("NO [PRIVACYREQUIRED] Authentication is disabled before STARTTLS");
        }
        if (initial == null) {
            saslTag = tag;
            write("+ ");
            return Future.succeededFuture(null);
        }
        return plain(initial);
    }

    private Future<Void> saslContinuation(String text) {
        String tag = saslTag;
        saslTag = null;
        Future<String> result = text.equals("*") ? Future.succeededFuture("BAD Authentication cancelled")
                : plain(text);
        return result.transform(ar -> {
            if (ar.succeeded()) {
                write(tag + " " + ar.result());
            } else {
                failed(tag, ar.cause());
            }
            return Future.succeededFuture();
        });
    }

    private Future<String> plain(String response) {
        String[] parts;
        try {
            parts = PLAIN.split(new String(Base64.getDecoder().decode(response.equals("=") ? "" : response),
                    StandardCharsets.UTF_8), -1);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture("BAD Invalid base64 data");
        }
        if (parts.length != 3 || parts[1].isEmpty() || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
            return loginFailed();
        }
        return login(parts[1], parts[2]);
    }

    private Future<String> login(String user, String password) {
        String ip = connection.remoteIp();
        if (server.throttle.blocked(ip)) {
            return Future.succeededFuture("NO [UNAVAILABLE] Too many failed logins from your address, try later");
        }
        return server.blocking(() -> server.authenticator.login(user, password)).compose(result -> {
            if (result instanceof LoginResult.Success success) {
                account = success.mailbox();
                state = SessionState.AUTHENTICATED;
                return Future.succeededFuture("OK [CAPABILITY " + capabilities() + "] Logged in");
            }
            if (result instanceof LoginResult.SharedAccount) {
                return Future.succeededFuture("NO [AUTHENTICATIONFAILED] A shared account has no login of its own");
            }
            server.throttle.failed(ip);
            return loginFailed();
        });
    }

    private Future<String> loginFailed() {
        failedLogins++;
        if (failedLogins >= server.config.maxFailedLogins()) {
            write("* BYE Too many failed logins");
            connection.close();
        }
        return Future.succeededFuture("NO [AUTHENTICATIONFAILED] Invalid credentials");
    }

    // --- authenticated ----------------------------------------------------------------------------------------

    private String mailbox(ImapReader in) {
        String name = ModifiedUtf7.decode(in.astring());
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    private Future<String> select(ImapReader in, boolean examine) {
        in.sp();
        String name = mailbox(in);
        in.end();
        boolean hadFolder = folder != null;
        unselect();
        if (hadFolder) {
            write("* OK [CLOSED] Previous mailbox closed");
        }
        return server.blocking(() -> server.messages.open(account, name)).map(opened -> {
            folder = opened;
            view = new SelectedView(opened.uids());
            readOnly = examine;
            knownModseq = opened.highestModseq();
            knownUidNext = opened.uidNext();
            state = SessionState.SELECTED;
            StringBuilder flags = new StringBuilder("\\Answered \\Flagged \\Deleted \\Seen \\Draft");
            opened.keywords().forEach(k -> flags.append(' ').append(k));
            write("* FLAGS (" + flags + ")");
            write("* OK [PERMANENTFLAGS (" + (examine ? "" : flags + " \\*") + ")] Flags permitted");
            write("* " + view.count() + " EXISTS");
            write("* 0 RECENT");
            if (opened.firstUnseenUid() > 0) {
                write("* OK [UNSEEN " + view.seq(opened.firstUnseenUid()) + "] First unseen");
            }
            write("* OK [UIDVALIDITY " + opened.uidValidity() + "] UIDs valid");
            write("* OK [UIDNEXT " + opened.uidNext() + "] Predicted next UID");
            write("* OK [HIGHESTMODSEQ " + opened.highestModseq() + "] Highest");
            long folderId = opened.folderId();
            watch = server.changes.watch(folderId, () -> context.runOnContext(v -> changed(folderId)));
            return (examine ? "OK [READ-ONLY] EXAMINE" : "OK [READ-WRITE] SELECT") + " completed";
        });
    }

    private void unselect() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        folder = null;
        view = null;
        if (state == SessionState.SELECTED) {
            state = SessionState.AUTHENTICATED;
        }
    }

    private Future<String> create(ImapReader in) {
        in.sp();
        String name = mailbox(in);
        String specialUse = null;
        if (in.accept(' ')) {
            // CREATE-SPECIAL-USE (RFC 6154): (USE (\Sent))
            in.expect('(', "(");
            String word = in.atom();
            if (!word.equalsIgnoreCase("USE")) {
                throw new ImapSyntaxException("Expected USE");
            }
            in.sp();
            List<String> uses = in.flagList();
            in.expect(')', ")");
            if (uses.size() != 1) {
                return Future.succeededFuture("NO [USEATTR] Exactly one special-use attribute, please");
            }
            specialUse = uses.get(0);
        }
        in.end();
        String name0 = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String use = specialUse;
        return server.blocking(() -> {
            server.folders.create(account, name0, use);
            return "OK CREATE completed";
        });
    }

    private Future<String> delete(ImapReader in) {
        in.sp();
        String name = mailbox(in);
        in.end();
        if (folder != null && folder.name().equals(name)) {
            unselect();
        }
        return server.blocking(() -> {
            server.folders.delete(account, name);
            return "OK DELETE completed";
        });
    }

    private Future<String> rename(ImapReader in) {
        in.sp();
        String from = mailbox(in);
        in.sp();
        String to = mailbox(in);
        in.end();
        return server.blocking(() -> {
            server.folders.rename(account, from, to);
            return "OK RENAME completed";
        });
    }

    private Future<String> subscribe(ImapReader in, boolean subscribe) {
        in.sp();
        String name = mailbox(in);
        in.end();
        return server.blocking(() -> {
            server.folders.subscribe(account, name, subscribe);
            return "OK " + (subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed";
        });
    }

    private Future<String> list(ImapReader in, boolean lsub) {
        in.sp();
        String reference = ModifiedUtf7.decode(in.astring());
        in.sp();
        String pattern = ModifiedUtf7.decode(in.listMailbox());
        in.end();
        String command = lsub ? "LSUB" : "LIST";
        if (pattern.isEmpty() && !lsub) {
            write("* LIST (\\Noselect) \"/\" \"\"");
            return ok("LIST completed");
        }
        String full = reference.isEmpty() || reference.endsWith("/") || pattern.startsWith("/") ? reference + pattern
                : reference + "/" + pattern;
        Pattern regex = ListPattern.compile(full);
        return server.blocking(() -> server.folders.list(account)).map(all -> {
            Set<String> names = new LinkedHashSet<>();
            all.forEach(f -> names.add(f.name()));
            for (ImapFolders.Folder f : all) {
                if (!regex.matcher(f.name()).matches() || (lsub && !f.subscribed())) {
                    continue;
                }
                boolean children = all.stream().anyMatch(o -> o.name().startsWith(f.name() + "/"));
                StringBuilder line = new StringBuilder("* ").append(command).append(" (")
                        .append(children ? "\\HasChildren" : "\\HasNoChildren");
                if (!lsub && f.specialUse() != null) {
                    line.append(' ').append(f.specialUse());
                }
                line.append(") \"/\" ");
                ImapStrings.astring(line, ModifiedUtf7.encode(f.name()));
                write(line.toString());
            }
            return "OK " + command + " completed";
        });
    }

    private Future<String> status(ImapReader in) {
        in.sp();
        String name = mailbox(in);
        in.sp();
        List<String> items = new ArrayList<>();
        in.expect('(', "(");
        do {
            String item = in.atom().toUpperCase(Locale.ROOT);
            if (!List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "HIGHESTMODSEQ")
                    .contains(item)) {
                throw new ImapSyntaxException("Unknown status item " + item);
            }
            items.add(item);
        } while (in.accept(' '));
        in.expect(')', ")");
        in.end();
        return server.blocking(() -> server.folders.status(account, name)).map(status -> {
            if (status.isEmpty()) {
                throw new MailboxException(MailboxException.Code.NONEXISTENT, "No such mailbox");
            }
            ImapFolders.Status s = status.get();
            StringBuilder line = new StringBuilder("* STATUS ");
            ImapStrings.astring(line, ModifiedUtf7.encode(name));
            line.append(" (");
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                long value = switch (item) {
                    case "MESSAGES" -> s.messages();
                    case "RECENT" -> 0;
                    case "UIDNEXT" -> s.uidNext();
                    case "UIDVALIDITY" -> s.uidValidity();
                    case "UNSEEN" -> s.unseen();
                    case "SIZE" -> s.size();
                    default -> s.highestModseq();
                };
                line.append(i == 0 ? "" : " ").append(item).append(' ').append(value);
            }
            write(line.append(')').toString());
            return "OK STATUS completed";
        });
    }

    private Future<String> append(ImapReader in) {
        in.sp();
        String name = mailbox(in);
        in.sp();
        Set<String> flags = Set.of();
        if (in.peekIs('(')) {
            flags = flags(in.flagList());
            in.sp();
        }
        Instant date = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (in.peekIs('"')) {
            String text = in.quoted().trim();
            try {
                date = ZonedDateTime.parse(text, APPEND_DATE).toInstant();
            } catch (DateTimeParseException e) {
                throw new ImapSyntaxException("Invalid date-time " + text);
            }
            in.sp();
        }
        byte[] message = in.literal();
        in.end();
        Set<String> appendFlags = flags;
        Instant internalDate = date;
        return server.blocking(() -> {
            Path file = Files.createTempFile(server.spool, "append", ".eml");
            try {
                Files.write(file, message);
                return server.messages.append(account, name, appendFlags, internalDate, file);
            } finally {
                Files.deleteIfExists(file);
            }
        }).compose(appended -> sync(true).map(v -> "OK [APPENDUID " + appended.uidValidity() + " " + appended.uid()
                + "] APPEND completed"));
    }

    /** Canonical system flags; keywords as given; \Recent and unknown system flags refused. */
    static Set<String> flags(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String flag : raw) {
            if (flag.startsWith("\\")) {
                String canonical = SYSTEM_FLAGS.stream().filter(f -> f.equalsIgnoreCase(flag)).findFirst()
                        .orElseThrow(() -> new ImapSyntaxException("Invalid flag " + flag));
                out.add(canonical);
            } else {
                out.add(flag);
            }
        }
        return out;
    }

    // --- IDLE -------------------------------------------------------------------------------------------------

    private Future<String> idle(String tag) {
        return sync(state == SessionState.SELECTED).map(v -> {
            idleTag = tag;
            write("+ idling");
            return null;
        });
    }

    private Future<Void> idleContinuation(String text) {
        String tag = idleTag;
        idleTag = null;
        if (!text.equalsIgnoreCase("DONE")) {
            write(tag + " BAD Expected DONE");
            return Future.succeededFuture();
        }
        write(tag + " OK IDLE terminated");
        return Future.succeededFuture();
    }

    /** A change notification: reported at once while idling, else at the next command. */
    private void changed(long folderId) {
        if (idleTag != null && folder != null && folder.folderId() == folderId) {
            sync(true);
        }
    }

    // --- selected ---------------------------------------------------------------------------------------------

    /**
     * Reports what others changed in the selected folder: EXPUNGE (only when {@code allowExpunge}), EXISTS, and
     * FETCH FLAGS of changed messages.
     */
    Future<Void> sync(boolean allowExpunge) {
        if (folder == null) {
            return Future.succeededFuture();
        }
        long folderId = folder.folderId();
        long since = knownModseq;
        long uidNext = knownUidNext;
        int count = view.count();
        return server.blocking(() -> {
            ImapMessages.State now = server.messages.state(folderId);
            if (now == null || (now.highestModseq() == since && now.uidNext() == uidNext && now.count() == count)) {
                return new Object[] {now, null, null};
            }
            return new Object[] {now, server.messages.uids(folderId), server.messages.changedSince(folderId, since)};
        }).map(result -> {
            if (folder == null || folder.folderId() != folderId) {
                return null;
            }
            ImapMessages.State now = (ImapMessages.State) result[0];
            if (now == null) {
                write("* BYE Mailbox was deleted");
                connection.close();
                return null;
            }
            long[] uids = (long[]) result[1];
            if (uids == null) {
                return null;
            }
            if (allowExpunge) {
                for (int i = view.count(); i >= 1; i--) {
                    long uid = view.uid(i);
                    if (java.util.Arrays.binarySearch(uids, uid) < 0) {
                        write("* " + view.expunge(uid) + " EXPUNGE");
                    }
                }
            }
            int before = view.count();
            for (long uid : uids) {
                if (uid > view.largestUid()) {
                    view.add(uid);
                }
            }
            if (view.count() != before) {
                write("* " + view.count() + " EXISTS");
                write("* 0 RECENT");
            }
            @SuppressWarnings("unchecked")
            List<ImapMessages.Flags> changes = (List<ImapMessages.Flags>) result[2];
            for (ImapMessages.Flags f : changes) {
                int seq = view.seq(f.uid());
                if (seq > 0 && f.uid() < knownUidNext && !ownModseqs.contains(f.modseq())) {
                    StringBuilder line = new StringBuilder("* ").append(seq).append(" FETCH (UID ").append(f.uid())
                            .append(" FLAGS ");
                    FetchEncoder.flags(line, f.flags());
                    write(line.append(')').toString());
                }
            }
            if (allowExpunge || view.count() == uids.length) {
                knownModseq = now.highestModseq();
                ownModseqs.removeIf(m -> m <= knownModseq);
            }
            knownUidNext = now.uidNext();
            return null;
        });
    }

    private Future<String> close(boolean expunge) {
        ImapMessages.Opened current = folder;
        boolean silentExpunge = expunge && !readOnly;
        unselect();
        if (!silentExpunge) {
            return ok(expunge ? "CLOSE completed" : "UNSELECT completed");
        }
        return server.blocking(() -> server.messages.expunge(account, current.folderId(), null))
                .map(v -> "OK CLOSE completed");
    }

    private Future<String> expunge(long[] uids) {
        if (readOnly) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        long folderId = folder.folderId();
        return server.blocking(() -> server.messages.expunge(account, folderId, uids)).compose(removed -> {
            for (long uid : removed) {
                int seq = view.expunge(uid);
                if (seq > 0) {
                    write("* " + seq + " EXPUNGE");
                }
            }
            return sync(true).map(v -> "OK EXPUNGE completed");
        });
    }

    private long[] set(ImapReader in, boolean uid) {
        SequenceSet set = SequenceSet.parse(in.sequenceSet());
        if (uid) {
            return view.byUid(set);
        }
        long[] uids = view.bySequence(set);
        if (uids == null) {
            throw new ImapSyntaxException("Invalid message sequence number");
        }
        return uids;
    }

    private Future<String> fetch(ImapReader in, boolean uid) {
        FetchCommand command = FetchCommand.parse(in, uid);
        long[] uids;
        if (uid) {
            uids = view.byUid(command.set());
        } else {
            uids = view.bySequence(command.set());
            if (uids == null) {
                return Future.succeededFuture("BAD Invalid message sequence number");
            }
        }
        return new FetchHandler(this, command, uids).run().compose(v -> sync(false))
                .map(v -> "OK " + (uid ? "UID FETCH" : "FETCH") + " completed");
    }

    private Future<String> store(ImapReader in, boolean uid) {
        in.sp();
        long[] uids = set(in, uid);
        in.sp();
        String item = in.atom().toUpperCase(Locale.ROOT);
        in.sp();
        List<String> raw;
        if (in.peekIs('(')) {
            raw = in.flagList();
        } else {
            raw = new ArrayList<>();
            do {
                raw.add(in.flag());
            } while (in.accept(' '));
        }
        in.end();
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - 7) : item;
        FlagMode mode = switch (base) {
            case "FLAGS" -> FlagMode.REPLACE;
            case "+FLAGS" -> FlagMode.ADD;
            case "-FLAGS" -> FlagMode.REMOVE;
            default -> throw new ImapSyntaxException("Expected FLAGS, +FLAGS or -FLAGS");
        };
        if (readOnly) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        Set<String> flags = flags(raw);
        long folderId = folder.folderId();
        return server.blocking(() -> server.messages.store(account, folderId, uids, mode, flags)).compose(changed -> {
            changed.forEach(f -> ownChange(f.modseq()));
            for (ImapMessages.Flags f : changed) {
                int seq = view.seq(f.uid());
                if (seq > 0 && !silent) {
                    StringBuilder line = new StringBuilder("* ").append(seq).append(" FETCH (");
                    if (uid) {
                        line.append("UID ").append(f.uid()).append(' ');
                    }
                    line.append("FLAGS ");
                    FetchEncoder.flags(line, f.flags());
                    write(line.append(')').toString());
                }
            }
            if (!silent) {
                // unchanged messages still get their flags reported (RFC 3501 section 6.4.6)
                return reportUnchanged(uids, changed, uid);
            }
            return Future.<Void>succeededFuture();
        }).compose(v -> sync(false)).map(v -> "OK " + (uid ? "UID STORE" : "STORE") + " completed");
    }

    private Future<Void> reportUnchanged(long[] uids, List<ImapMessages.Flags> changed, boolean uid) {
        Set<Long> done = new java.util.HashSet<>();
        changed.forEach(f -> done.add(f.uid()));
        long[] rest = java.util.Arrays.stream(uids).filter(u -> !done.contains(u)).toArray();
        if (rest.length == 0) {
            return Future.succeededFuture();
        }
        long folderId = folder.folderId();
        return server.blocking(() -> server.messages.meta(folderId, rest, false)).map(metas -> {
            for (ImapMessages.Meta m : metas) {
                int seq = view.seq(m.uid());
                if (seq > 0) {
                    StringBuilder line = new StringBuilder("* ").append(seq).append(" FETCH (");
                    if (uid) {
                        line.append("UID ").append(m.uid()).append(' ');
                    }
                    line.append("FLAGS ");
                    FetchEncoder.flags(line, m.flags());
                    write(line.append(')').toString());
                }
            }
            return null;
        });
    }

    private Future<String> search(ImapReader in, boolean uid) {
        SearchKey key = new SearchParser(in, view::bySequence, view::byUid, server.config.maxSearchKeys()).parse();
        long folderId = folder.folderId();
        long[] within = view.byUid(SequenceSet.parse("1:*"));
        return server.blocking(() -> server.messages.search(folderId, key, within)).compose(found -> {
            StringBuilder line = new StringBuilder("* SEARCH");
            for (long u : found) {
                long n = uid ? u : view.seq(u);
                if (n > 0) {
                    line.append(' ').append(n);
                }
            }
            write(line.toString());
            return sync(false);
        }).map(v -> "OK " + (uid ? "UID SEARCH" : "SEARCH") + " completed");
    }

    private Future<String> copy(ImapReader in, boolean uid, boolean move) {
        in.sp();
        long[] uids = set(in, uid);
        in.sp();
        String target = mailbox(in);
        in.end();
        if (move && readOnly) {
            return Future.succeededFuture("NO [READ-ONLY] Mailbox is read-only");
        }
        long folderId = folder.folderId();
        String command = (uid ? "UID " : "") + (move ? "MOVE" : "COPY");
        return server.blocking(() -> server.messages.copy(account, folderId, uids, target, move)).compose(copied -> {
            if (copied.sourceUids().length == 0) {
                return Future.succeededFuture("OK " + command + " completed (no messages)");
            }
            String code = "[COPYUID " + copied.uidValidity() + " " + uidSet(copied.sourceUids()) + " "
                    + uidSet(copied.targetUids()) + "]";
            if (!move) {
                return sync(false).map(v -> "OK " + code + " " + command + " completed");
            }
            write("* OK " + code + " Moved");
            for (long u : copied.sourceUids()) {
                int seq = view.expunge(u);
                if (seq > 0) {
                    write("* " + seq + " EXPUNGE");
                }
            }
            return sync(true).map(v -> "OK " + command + " completed");
        });
    }

    /** A UID set in compact form: "4:6,9". */
    static String uidSet(long[] uids) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < uids.length; ) {
            int j = i;
            while (j + 1 < uids.length && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ",").append(uids[i]);
            if (j > i) {
                out.append(':').append(uids[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }

    // --- output -----------------------------------------------------------------------------------------------

    void write(String line) {
        connection.write(Buffer.buffer((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Future<Void> write(Buffer bytes) {
        connection.write(bytes);
        return connection.drained();
    }

    @Override
    public ImapMessages messages() {
        return server.messages;
    }

    @Override
    public long folderId() {
        return folder.folderId();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public int seq(long uid) {
        return view.seq(uid);
    }

    @Override
    public int batchSize() {
        return server.config.fetchBatchSize();
    }

    @Override
    public <T> Future<T> blocking(java.util.concurrent.Callable<T> task) {
        return server.blocking(task);
    }

    @Override
    public void ownChange(long modseq) {
        ownModseqs.add(modseq);
    }

    @Override
    public Mailbox account() {
        return account;
    }

    @Override
    public void closed() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
