package io.postvault.protocol.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Argon2id password hashes in PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), by password4j.
 * Parameters: the OWASP minimum (19 MiB, 2 passes, 1 lane). Verification reads the parameters from the stored hash, so
 * they can be raised later without invalidating old hashes.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    /** Verified against when the user does not exist, so the answer takes as long either way. */
    private static final String DUMMY = hashStatic("not-a-password-of-anyone");

    public String hash(String password) {
        return hashStatic(password);
    }

    public boolean verify(String password, String phc) {
        if (password == null || phc == null || !phc.startsWith("$argon2")) {
            return false;
        }
        return Password.check(password, phc).with(Argon2Function.getInstanceFromHash(phc));
    }

    /** Spends the time of a verification without a stored hash (unknown user). */
    public void verifyNothing(String password) {
        verify(password == null ? "" : password, DUMMY);
    }

    private static String hashStatic(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }
}
