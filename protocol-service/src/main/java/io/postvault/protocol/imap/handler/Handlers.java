package io.postvault.protocol.imap.handler;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command handlers by command name, and the UID forms by sub-command. Commands that act on the connection itself
 * (LOGIN, AUTHENTICATE, STARTTLS, IDLE, LOGOUT) are the session's.
 */
public final class Handlers {

    private final Map<String, CommandHandler> commands;
    private final Map<String, CommandHandler> uidCommands;

    public Handlers(Path spool) {
        SelectHandler select = new SelectHandler();
        AclHandler acl = new AclHandler();
        this.commands = Map.ofEntries(
                Map.entry("CAPABILITY", BasicHandlers::capability),
                Map.entry("NOOP", BasicHandlers::noop),
                Map.entry("CHECK", BasicHandlers::noop),
                Map.entry("ID", BasicHandlers::id),
                Map.entry("NAMESPACE", BasicHandlers::namespace),
                Map.entry("ENABLE", new EnableHandler()),
                Map.entry("SELECT", select),
                Map.entry("EXAMINE", select),
                Map.entry("CREATE", FolderHandlers::create),
                Map.entry("DELETE", FolderHandlers::delete),
                Map.entry("RENAME", FolderHandlers::rename),
                Map.entry("SUBSCRIBE", FolderHandlers::subscribe),
                Map.entry("UNSUBSCRIBE", FolderHandlers::subscribe),
                Map.entry("LIST", new ListHandler()),
                Map.entry("LSUB", new ListHandler()),
                Map.entry("STATUS", new StatusHandler()),
                Map.entry("APPEND", new AppendHandler(spool)),
                Map.entry("GETQUOTAROOT", QuotaHandler::getQuotaRoot),
                Map.entry("GETQUOTA", QuotaHandler::getQuota),
                Map.entry("SETQUOTA", QuotaHandler::setQuota),
                Map.entry("CLOSE", ExpungeHandler::close),
                Map.entry("UNSELECT", ExpungeHandler::close),
                Map.entry("EXPUNGE", ExpungeHandler::expunge),
                Map.entry("FETCH", FetchHandler::fetch),
                Map.entry("STORE", new StoreHandler()),
                Map.entry("SEARCH", SearchHandler::search),
                Map.entry("SORT", SearchHandler::sort),
                Map.entry("COPY", new CopyHandler()),
                Map.entry("MOVE", new CopyHandler()),
                Map.entry("GETACL", acl),
                Map.entry("SETACL", acl),
                Map.entry("DELETEACL", acl),
                Map.entry("LISTRIGHTS", acl),
                Map.entry("MYRIGHTS", acl));
        this.uidCommands = Map.of(
                "FETCH", FetchHandler::fetch,
                "STORE", commands.get("STORE"),
                "SEARCH", SearchHandler::search,
                "SORT", SearchHandler::sort,
                "COPY", commands.get("COPY"),
                "MOVE", commands.get("MOVE"),
                "EXPUNGE", ExpungeHandler::expunge);
    }

    /** The handler of a command, or null when the session runs it (or it does not exist). */
    public CommandHandler command(String name) {
        return commands.get(name);
    }

    /** The handler of "UID name", or null. */
    public CommandHandler uid(String name) {
        return uidCommands.get(name);
    }
}
