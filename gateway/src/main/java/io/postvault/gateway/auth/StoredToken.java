package io.postvault.gateway.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code gateway.token}: a login or API token, by the SHA-256 of its secret (see V1__tokens.sql). */
@Entity
@Table(name = "token")
public class StoredToken extends PanacheEntityBase {

    /** LOGIN: from POST /api/v1/auth/login, short-lived; API: made for an integrator. */
    public enum Kind { LOGIN, API }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Column(name = "token_hash")
    public byte[] tokenHash;
    public String name;
    @Enumerated(EnumType.STRING)
    public Role role;
    public String domain;
    public String address;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    Caller caller() {
        return new Caller(role, domain, address, id);
    }
}
