package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.codec.SequenceSet;

/** COPY / MOVE sequence-set mailbox (RFC 3501 section 6.4.7, RFC 6851), also as UID commands. */
public record CopyCommand(SequenceSet set, String target) {

    public static CopyCommand parse(ImapReader in) {
        in.sp();
        SequenceSet set = SequenceSet.parse(in.sequenceSet());
        in.sp();
        String target = MailboxName.read(in);
        in.end();
        return new CopyCommand(set, target);
    }
}
