package io.postvault.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, finds and revokes the stored bearer tokens. A token is a prefix naming its kind ({@code pvl_} login,
 * {@code pva_} API) and 256 random bits; only its SHA-256 is stored, so the secret is shown once, when it is made.
 */
@ApplicationScoped
public class Tokens {

    /** A token just made: its secret (shown once) and its record. */
    public record Issued(String secret, StoredToken token) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Transactional
    public Issued issue(StoredToken.Kind kind, Caller subject, String name, String createdBy, Instant expiresAt) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = (kind == StoredToken.Kind.LOGIN ? "pvl_" : "pva_")
                + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        StoredToken token = new StoredToken();
        token.id = UUID.randomUUID();
        token.kind = kind;
        token.tokenHash = sha256(secret);
        token.name = name;
        token.role = subject.role();
        token.domain = subject.domain();
        token.address = subject.address();
        token.createdBy = createdBy;
        token.createdAt = now();
        token.expiresAt = expiresAt;
        token.persist();
        return new Issued(secret, token);
    }

    /** The caller a presented secret stands for, when it is a stored token neither revoked nor expired. */
    @Transactional
    public Optional<Caller> caller(String secret) {
        Optional<StoredToken> token = StoredToken.find("tokenHash", (Object) sha256(secret)).firstResultOptional();
        return token.filter(t -> t.usableAt(now())).map(StoredToken::caller);
    }

    /** The API tokens, of one domain or (domain null) all, newest first, revoked and expired ones included. */
    @Transactional
    public List<StoredToken> apiTokens(String domain) {
        return domain == null
                ? StoredToken.list("kind = ?1 order by createdAt desc, id", StoredToken.Kind.API)
                : StoredToken.list("kind = ?1 and domain = ?2 order by createdAt desc, id", StoredToken.Kind.API,
                        domain);
    }

    @Transactional
    public Optional<StoredToken> apiToken(UUID id) {
        return StoredToken.<StoredToken>findByIdOptional(id).filter(t -> t.kind == StoredToken.Kind.API);
    }

    /** Revokes a token (again: no change). */
    @Transactional
    public void revoke(UUID id) {
        StoredToken.update("revokedAt = coalesce(revokedAt, ?1) where id = ?2", now(), id);
    }

    /** Revokes every token of a deleted domain (domain admins' and its users'). */
    @Transactional
    public void revokeDomain(String domain) {
        StoredToken.update("revokedAt = ?1 where domain = ?2 and revokedAt is null", now(), domain);
    }

    /** Revokes every token of a deleted account. */
    @Transactional
    public void revokeAccount(String address) {
        StoredToken.update("revokedAt = ?1 where address = ?2 and revokedAt is null", now(), address);
    }

    /**
     * Revokes the logins of an account made with another role than {@code role}: a login's token carries the role the
     * account had when it logged in, so a demoted postmaster's console session ends with the change.
     */
    @Transactional
    public void revokeLoginsWithout(String address, Role role) {
        StoredToken.update("revokedAt = ?1 where kind = ?2 and address = ?3 and role <> ?4 and revokedAt is null",
                now(), StoredToken.Kind.LOGIN, address, role);
    }

    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
