package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.ImapSyntaxException;
import io.postvault.protocol.imap.codec.SequenceSet;
import java.util.Locale;

/**
 * SELECT / EXAMINE mailbox [SP "(" select-param *(SP select-param) ")"] (RFC 3501 section 6.3.1; CONDSTORE and
 * QRESYNC parameters RFC 7162 sections 3.1.8 and 3.2.5).
 *
 * @param qresync null unless the QRESYNC parameter was given
 */
public record SelectCommand(String name, boolean condstore, Qresync qresync) {

    /**
     * QRESYNC (uidvalidity mod-sequence [known-uids] [(known-sequence-set known-uid-set)]).
     *
     * @param knownUids null when not given (all UIDs)
     * @param seqMatch  null when not given; the message sequence numbers ...
     * @param uidMatch  ... and the UIDs the client believes they have
     */
    public record Qresync(long uidValidity, long modseq, SequenceSet knownUids, SequenceSet seqMatch,
                          SequenceSet uidMatch) {
    }

    public static SelectCommand parse(ImapReader in) {
        in.sp();
        String name = MailboxName.read(in);
        boolean condstore = false;
        Qresync qresync = null;
        if (in.accept(' ')) {
            in.expect('(', "(");
            do {
                String param = in.atom().toUpperCase(Locale.ROOT);
                switch (param) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        in.sp();
                        qresync = qresync(in);
                    }
                    default -> throw new ImapSyntaxException("Unknown select parameter " + param);
                }
            } while (in.accept(' '));
            in.expect(')', ")");
        }
        in.end();
        return new SelectCommand(name, condstore, qresync);
    }

    private static Qresync qresync(ImapReader in) {
        in.expect('(', "(");
        long uidValidity = in.nzNumber();
        in.sp();
        long modseq = in.modSequence();
        if (modseq == 0) {
            throw new ImapSyntaxException("Expected non-zero mod-sequence");
        }
        SequenceSet known = null;
        SequenceSet seqMatch = null;
        SequenceSet uidMatch = null;
        if (in.accept(' ')) {
            if (!in.peekIs('(')) {
                known = SequenceSet.parse(in.sequenceSet());
                if (known.saved()) {
                    throw new ImapSyntaxException("Expected known UIDs");
                }
                in.accept(' ');
            }
            if (in.accept('(')) {
                seqMatch = SequenceSet.parse(in.sequenceSet());
                in.sp();
                uidMatch = SequenceSet.parse(in.sequenceSet());
                in.expect(')', ")");
                if (seqMatch.saved() || uidMatch.saved()) {
                    throw new ImapSyntaxException("Expected sequence match data");
                }
            }
        }
        in.expect(')', ")");
        return new Qresync(uidValidity, modseq, known, seqMatch, uidMatch);
    }
}
