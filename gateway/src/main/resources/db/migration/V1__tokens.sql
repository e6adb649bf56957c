-- Bearer tokens of the public API other than the bootstrap one: console/API logins (LOGIN, short-lived) and API
-- tokens of integrators (API). Only the SHA-256 of a token is kept: tokens are 256 random bits, so a fast hash is
-- enough, and a leak of this table gives no usable token.
CREATE TABLE token (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('LOGIN', 'API')),
    token_hash  bytea       NOT NULL UNIQUE,
    name        text,
    role        text        NOT NULL CHECK (role IN ('PLATFORM_ADMIN', 'DOMAIN_ADMIN', 'USER')),
    -- the tenant: the domain of a DOMAIN_ADMIN or USER, the account of a USER (or the postmaster who logged in);
    -- both null for PLATFORM_ADMIN
    domain      text,
    address     text,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz,
    CHECK ((role = 'PLATFORM_ADMIN' AND domain IS NULL AND address IS NULL)
        OR (role = 'DOMAIN_ADMIN' AND domain IS NOT NULL)
        OR (role = 'USER' AND domain IS NOT NULL AND address IS NOT NULL))
);

CREATE INDEX token_api_by_domain ON token (domain, created_at) WHERE kind = 'API';
