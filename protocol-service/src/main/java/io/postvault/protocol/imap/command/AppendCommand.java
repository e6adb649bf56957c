package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * APPEND mailbox [SP flag-list] [SP date-time] SP literal (RFC 3501 section 6.3.11); without a date the internal date
 * is now. {@code message} is null when the framing spooled the literal to a file (a large message); {@code binary}
 * when it came as a literal8 (RFC 3516 section 4.4).
 */
public record AppendCommand(String name, Set<String> flags, Instant internalDate, byte[] message, boolean binary) {

    /** date-time; its month name in any case, as every ABNF string literal (RFC 5234 section 2.3). */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

    public static AppendCommand parse(ImapReader in) {
        in.sp();
        String name = MailboxName.read(in);
        in.sp();
        Set<String> flags = Set.of();
        if (in.peekIs('(')) {
            flags = Flags.of(in.flagList());
            in.sp();
        }
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (in.peekIs('"')) {
            String text = in.quoted().trim();
            try {
                date = ZonedDateTime.parse(text, DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new ImapSyntaxException("Invalid date-time " + text);
            }
            in.sp();
        }
        boolean binary = in.peekIs('~');
        byte[] message = in.literalOrSpooled();
        in.end();
        return new AppendCommand(name, flags, date, message, binary);
    }
}
