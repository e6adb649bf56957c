package io.postvault.protocol.store;

/** Checks credentials against the stored Argon2id/bcrypt hashes. Blocking (hashing is slow on purpose). */
public interface Authenticator {

    LoginResult login(String username, String password);
}
