-- Nonces of vendors' signed requests to adapters, kept for the replay window; the primary key
-- refuses a second use. Times are epoch milliseconds (UTC).
CREATE TABLE huibo_adapter_nonce (
    vendor_id VARCHAR(40) NOT NULL,
    nonce     VARCHAR(64) NOT NULL,
    seen_at   BIGINT      NOT NULL,
    PRIMARY KEY (vendor_id, nonce)
);
CREATE INDEX huibo_adapter_nonce_seen ON huibo_adapter_nonce (seen_at);
