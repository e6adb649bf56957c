package io.postvault.protocol.store;

/** The outcome of checking a user name and password. */
public sealed interface LoginResult {

    /** The credentials are good. */
    record Success(Mailbox mailbox) implements LoginResult {
    }

    /** Unknown user or wrong password (the two are never told apart to the client). */
    record BadCredentials() implements LoginResult {
    }

    /** A shared account has no password of its own and is reached over IMAP only. */
    record SharedAccount(String address) implements LoginResult {
    }
}
