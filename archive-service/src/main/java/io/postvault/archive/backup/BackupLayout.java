package io.postvault.archive.backup;

import io.postvault.events.data.Direction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names inside a backup ZIP: live messages under their folder tree ({@code INBOX/17.eml},
 * {@code Work/Clients/3.eml}), archived ones under {@code Archives/Received/YYYY/} and {@code Archives/Sent/YYYY/}
 * (year of the internal date, UTC) by entry id, and {@code manifest.json} at the top. Names are stable across backups
 * (a UID and an entry id do not change) and safe to extract: no absolute path, no {@code ..}, no characters Windows
 * refuses. Two folders whose safe names meet are told apart by the writer ({@link BackupZipWriter}).
 */
public final class BackupLayout {

    public static final String MANIFEST = "manifest.json";
    /** IMAP hierarchy delimiter of protocol-service's folders. */
    private static final String FOLDER_DELIMITER = "/";
    private static final Pattern UNSAFE = Pattern.compile("[\\\\:*?\"<>|\\p{Cntrl}]");

    private BackupLayout() {
    }

    public static String live(String folder, long uid) {
        StringBuilder path = new StringBuilder();
        for (String segment : folder.split(Pattern.quote(FOLDER_DELIMITER), -1)) {
            path.append(safeSegment(segment)).append('/');
        }
        if (path.toString().startsWith(MANIFEST + "/")) {
            // A folder named like the manifest would make a directory and a file of the same name.
            path.insert(MANIFEST.length(), '_');
        }
        return path.append(uid).append(".eml").toString();
    }

    public static String archived(Direction direction, Instant internalDate, UUID id) {
        String kind = direction == Direction.SENT ? "Sent" : "Received";
        return "Archives/" + kind + "/" + internalDate.atZone(ZoneOffset.UTC).getYear() + "/" + id + ".eml";
    }

    /** One folder name part as a directory name: unsafe characters become {@code _}, dot-only names get a prefix. */
    static String safeSegment(String segment) {
        String safe = UNSAFE.matcher(segment).replaceAll("_").strip();
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            return "_" + safe;
        }
        return safe;
    }
}
