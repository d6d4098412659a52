-- Webhook events, each stored before it is sent (an outbox), so a restart loses none. A row is
-- due while next_attempt_at is set; it leaves the queue delivered, or failed 24 h after it was
-- made. Events of one call or binding (ordering_key) go out in seq order; dedupe_key lets each
-- happening (a call answered by one party, a binding expired) be queued once only.
CREATE TABLE huibo_webhook_outbox (
    id              VARCHAR(40)    NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(40)    NOT NULL,
    ordering_key    VARCHAR(40)    NOT NULL,
    seq             INTEGER        NOT NULL,
    dedupe_key      VARCHAR(100)   NOT NULL,
    event_type      VARCHAR(32)    NOT NULL,
    url             VARCHAR(2000)  NOT NULL,
    body            VARCHAR(32000) NOT NULL,
    attempts        INTEGER        NOT NULL,
    created_at      BIGINT         NOT NULL,
    next_attempt_at BIGINT,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_error      VARCHAR(500),
    CONSTRAINT huibo_outbox_order UNIQUE (ordering_key, seq),
    CONSTRAINT huibo_outbox_once UNIQUE (dedupe_key)
);
CREATE INDEX huibo_outbox_due ON huibo_webhook_outbox (next_attempt_at);
-- Expiry happens in the database with no event; a scan queues binding.expired once per binding.
ALTER TABLE huibo_binding ADD COLUMN expiry_queued_at BIGINT;
CREATE INDEX huibo_binding_expires ON huibo_binding (expires_at);
