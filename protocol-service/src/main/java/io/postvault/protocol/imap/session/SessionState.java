package io.postvault.protocol.imap.session;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The connection states of RFC 3501 section 3, and the gate that says which commands each allows. */
public enum SessionState {
    NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT;

    private static final Set<SessionState> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED);
    private static final Set<SessionState> NOT_AUTH = EnumSet.of(NOT_AUTHENTICATED);
    private static final Set<SessionState> AUTH = EnumSet.of(AUTHENTICATED, SELECTED);
    private static final Set<SessionState> AUTH_ONLY = EnumSet.of(AUTHENTICATED);
    private static final Set<SessionState> SEL = EnumSet.of(SELECTED);

    private static final Map<String, Set<SessionState>> GATE = Map.ofEntries(
            Map.entry("CAPABILITY", ANY), Map.entry("NOOP", ANY), Map.entry("LOGOUT", ANY), Map.entry("ID", ANY),
            Map.entry("STARTTLS", NOT_AUTH), Map.entry("LOGIN", NOT_AUTH), Map.entry("AUTHENTICATE", NOT_AUTH),
            Map.entry("SELECT", AUTH), Map.entry("EXAMINE", AUTH), Map.entry("CREATE", AUTH),
            Map.entry("DELETE", AUTH), Map.entry("RENAME", AUTH), Map.entry("SUBSCRIBE", AUTH),
            Map.entry("UNSUBSCRIBE", AUTH), Map.entry("LIST", AUTH), Map.entry("LSUB", AUTH),
            Map.entry("STATUS", AUTH), Map.entry("APPEND", AUTH), Map.entry("NAMESPACE", AUTH),
            Map.entry("IDLE", AUTH), Map.entry("CHECK", SEL), Map.entry("CLOSE", SEL), Map.entry("UNSELECT", SEL),
            Map.entry("EXPUNGE", SEL), Map.entry("SEARCH", SEL), Map.entry("FETCH", SEL), Map.entry("STORE", SEL),
            Map.entry("COPY", SEL), Map.entry("MOVE", SEL), Map.entry("UID", SEL), Map.entry("SORT", SEL),
            Map.entry("ENABLE", AUTH_ONLY), Map.entry("GETQUOTA", AUTH), Map.entry("GETQUOTAROOT", AUTH),
            Map.entry("SETQUOTA", AUTH), Map.entry("COMPRESS", AUTH), Map.entry("GETACL", AUTH),
            Map.entry("SETACL", AUTH), Map.entry("DELETEACL", AUTH), Map.entry("LISTRIGHTS", AUTH),
            Map.entry("MYRIGHTS", AUTH));

    /** IMAP4rev1 commands that RFC 9051 left out (appendix E: CHECK removed, LSUB replaced by LIST (SUBSCRIBED)). */
    private static final Set<String> NOT_IN_IMAP4REV2 = Set.of("CHECK", "LSUB");

    /** True when the command is not part of IMAP4rev2 (a session that enabled it gets BAD). */
    public static boolean notInImap4rev2(String command) {
        return NOT_IN_IMAP4REV2.contains(command);
    }

    /** True when the command exists at all. */
    public static boolean known(String command) {
        return GATE.containsKey(command);
    }

    /** True when this state allows the command. */
    public boolean allows(String command) {
        Set<SessionState> states = GATE.get(command);
        return states != null && states.contains(this);
    }
}
