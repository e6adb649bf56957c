package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.EnableCommand;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * ENABLE (RFC 5161): turns on CONDSTORE and QRESYNC (RFC 7162) and IMAP4rev2 (RFC 9051 appendix A); answers {@code * ENABLED} with those it turned on now,
 * ignoring names it does not know or that were on already.
 */
public final class EnableHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        EnableCommand command = EnableCommand.parse(in);
        Extensions enabled = ctx.enabled();
        List<String> now = new ArrayList<>();
        for (String capability : command.capabilities()) {
            if (capability.equals("CONDSTORE") && !enabled.condstore()) {
                enabled.enableCondstore();
                now.add(capability);
            } else if (capability.equals("QRESYNC") && !enabled.qresync()) {
                enabled.enableQresync();
                now.add(capability);
            } else if (capability.equals("IMAP4REV2") && !enabled.imap4rev2()) {
                enabled.enableImap4rev2();
                now.add("IMAP4rev2");
            }
        }
        ctx.write("* ENABLED" + (now.isEmpty() ? "" : " " + String.join(" ", now)));
        return CommandHandler.ok("ENABLE completed");
    }
}
