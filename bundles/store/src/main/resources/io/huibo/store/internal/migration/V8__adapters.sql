-- Adapters' scheduled actions, kept until done (or their adapter is uninstalled), and the vendor
-- events adapters acted on, so a duplicate is recognised. Times are epoch milliseconds (UTC).
CREATE TABLE huibo_scheduled_action (
    vendor_id       VARCHAR(40)    NOT NULL,
    action_key      VARCHAR(200)   NOT NULL,
    tenant_id       VARCHAR(40)    NOT NULL,
    due_at          BIGINT         NOT NULL,
    payload         VARCHAR(32000) NOT NULL,
    attempts        INTEGER        NOT NULL,
    next_attempt_at BIGINT         NOT NULL,
    claimed_until   BIGINT,
    PRIMARY KEY (vendor_id, action_key)
);
CREATE INDEX huibo_scheduled_action_next ON huibo_scheduled_action (next_attempt_at);
CREATE TABLE huibo_adapter_event (
    vendor_id VARCHAR(40)  NOT NULL,
    event_id  VARCHAR(200) NOT NULL,
    seen_at   BIGINT       NOT NULL,
    PRIMARY KEY (vendor_id, event_id)
);
