-- Tenants and their API keys; secrets are stored encrypted (AES-GCM under the install's master
-- key), never in clear. Everything made before tenants existed belongs to tenant 'default'.
CREATE TABLE huibo_tenant (
    id             VARCHAR(40)   NOT NULL PRIMARY KEY,
    name           VARCHAR(200)  NOT NULL,
    region         VARCHAR(2)    NOT NULL,
    webhook_url    VARCHAR(2000),
    webhook_secret VARCHAR(200)  NOT NULL,
    created_at     BIGINT        NOT NULL,
    revoked_at     BIGINT
);
CREATE TABLE huibo_api_key (
    id         VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(40)  NOT NULL REFERENCES huibo_tenant (id),
    rights     VARCHAR(200) NOT NULL,
    secret     VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX huibo_api_key_tenant ON huibo_api_key (tenant_id, created_at);
-- Nonces of signed requests, kept for the replay window; the primary key refuses a second use.
CREATE TABLE huibo_nonce (
    key_id  VARCHAR(40) NOT NULL,
    nonce   VARCHAR(64) NOT NULL,
    seen_at BIGINT      NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX huibo_nonce_seen ON huibo_nonce (seen_at);
-- The first answer to each Idempotency-Key of a tenant, kept 24 h.
CREATE TABLE huibo_idempotency (
    tenant_id    VARCHAR(40)    NOT NULL,
    idem_key     VARCHAR(255)   NOT NULL,
    request_hash VARCHAR(64)    NOT NULL,
    status       INTEGER        NOT NULL,
    location     VARCHAR(500),
    body         VARCHAR(32000) NOT NULL,
    created_at   BIGINT         NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);
CREATE INDEX huibo_idempotency_created ON huibo_idempotency (created_at);
ALTER TABLE huibo_call ADD COLUMN tenant_id VARCHAR(40) NOT NULL DEFAULT 'default';
ALTER TABLE huibo_call ADD COLUMN status_callback_url VARCHAR(2000);
CREATE INDEX huibo_call_tenant ON huibo_call (tenant_id, created_at);
ALTER TABLE huibo_number ADD COLUMN tenant_id VARCHAR(40) NOT NULL DEFAULT 'default';
CREATE INDEX huibo_number_tenant ON huibo_number (tenant_id, city);
ALTER TABLE huibo_binding ADD COLUMN tenant_id VARCHAR(40) NOT NULL DEFAULT 'default';
CREATE INDEX huibo_binding_tenant_order ON huibo_binding (tenant_id, order_id);
