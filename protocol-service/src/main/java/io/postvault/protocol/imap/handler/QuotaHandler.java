package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.MailboxName;
import io.postvault.protocol.imap.response.ImapStrings;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.MailboxException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * GETQUOTAROOT and GETQUOTA (RFC 9208) with the STORAGE resource in KiB, from the limits delivery enforces: the
 * domain's plan (root named after the domain: shared by its accounts) and, when the account has a cap of its own, the
 * account (root ""). Every folder of the account has the same roots. SETQUOTA is refused: plans are set through the
 * gateway.
 */
public final class QuotaHandler {

    private QuotaHandler() {
    }

    public static Future<String> getQuotaRoot(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        String folder = MailboxName.only(in);
        return ctx.blocking(() -> {
            Target target = Namespaces.resolve(ctx, folder);
            if (ctx.folders().status(target.owner(), target.folder()).isEmpty()) {
                throw new MailboxException(MailboxException.Code.NONEXISTENT, "No such mailbox");
            }
            return ctx.folders().quota(target.owner());
        }).map(quota -> {
            StringBuilder line = new StringBuilder("* QUOTAROOT ");
            ImapStrings.mailbox(line, folder, ctx.enabled().imap4rev2());
            for (String root : roots(ctx, quota)) {
                line.append(' ');
                ImapStrings.string(line, root);
            }
            ctx.write(line.toString());
            for (String root : roots(ctx, quota)) {
                ctx.write(quota(root, quota));
            }
            return "OK GETQUOTAROOT completed";
        });
    }

    public static Future<String> getQuota(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        in.sp();
        String root = in.astring();
        in.end();
        return ctx.blocking(() -> ctx.folders().quota(ctx.account())).map(quota -> {
            if (!roots(ctx, quota).contains(root)) {
                throw new MailboxException(MailboxException.Code.NONEXISTENT, "No such quota root");
            }
            ctx.write(quota(root, quota));
            return "OK GETQUOTA completed";
        });
    }

    public static Future<String> setQuota(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        return Future.succeededFuture("NO [NOPERM] Quotas follow the domain's plan");
    }

    private static List<String> roots(ImapContext ctx, ImapFolders.Quota quota) {
        List<String> roots = new ArrayList<>();
        if (quota.accountCap() >= 0) {
            roots.add("");
        }
        roots.add(ctx.account().domain());
        return roots;
    }

    /** {@code * QUOTA root (STORAGE used limit)}: usage rounded up, limit down, in units of 1024 octets. */
    static String quota(String root, ImapFolders.Quota quota) {
        boolean account = root.isEmpty();
        long used = account ? quota.accountOccupied() : quota.domainOccupied();
        long limit = account ? quota.accountCap() : quota.domainQuota();
        StringBuilder line = new StringBuilder("* QUOTA ");
        ImapStrings.string(line, root);
        return line.append(" (STORAGE ").append((used + 1023) / 1024).append(' ').append(limit / 1024).append(')')
                .toString();
    }
}
