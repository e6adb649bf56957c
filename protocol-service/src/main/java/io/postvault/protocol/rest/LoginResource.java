package io.postvault.protocol.rest;

import io.postvault.protocol.account.Account;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Internal REST (the gateway's console and API logins): checks an address and password with the same
 * {@link Authenticator} as IMAP and POP3 (Argon2id, the login cache) and answers who logged in and with which role.
 * Runs on a worker thread (hashing blocks on purpose). Unknown address, wrong password and a SHARED account (which has
 * no password) all answer the same 401, so that the answer does not tell which accounts exist. Rate limits are the
 * gateway's: it is the one caller.
 */
@Path("/internal/logins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoginResource {

    /** Body of POST. */
    public record Credentials(String address, String password) {
    }

    /** Who logged in: {@code role} USER or DOMAIN_ADMIN, {@code kind} PERSONAL. */
    public record Login(String address, String domain, Account.Role role, String kind) {
    }

    static final String INVALID_CREDENTIALS = "https://postvault.io/problems/invalid-credentials";

    private final Authenticator authenticator;
    private final AccountService accounts;

    LoginResource(Authenticator authenticator, AccountService accounts) {
        this.authenticator = authenticator;
        this.accounts = accounts;
    }

    @POST
    public Response login(Credentials body) {
        if (body == null || body.address() == null || body.password() == null) {
            return new Problem(Problem.INVALID_INPUT, "Invalid input", 400,
                    "a JSON body {address, password} is required", body == null ? "body"
                    : body.address() == null ? "address" : "password").toResponse();
        }
        if (!(authenticator.login(body.address(), body.password()) instanceof LoginResult.Success success)) {
            return unauthorized();
        }
        Mailbox mailbox = success.mailbox();
        String localPart = mailbox.address().substring(0, mailbox.address().lastIndexOf('@'));
        // The account may be deleted between the two reads: then it no longer logs in.
        return accounts.account(mailbox.domain(), localPart)
                .map(account -> Response.ok(new Login(account.address(), account.domain(), account.role(),
                        account.kind().name())).build())
                .orElseGet(LoginResource::unauthorized);
    }

    private static Response unauthorized() {
        return new Problem(INVALID_CREDENTIALS, "Unauthorized", 401,
                "unknown address or wrong password", null).toResponse();
    }
}
