-- Calls and their legs. Times are epoch milliseconds (UTC), portable across Derby and PostgreSQL.
CREATE TABLE huibo_call (
    id             VARCHAR(40)   NOT NULL PRIMARY KEY,
    kind           VARCHAR(16)   NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    from_number    VARCHAR(20)   NOT NULL,
    to_number      VARCHAR(20)   NOT NULL,
    display_number VARCHAR(20)   NOT NULL,
    user_data      VARCHAR(1024),
    created_at     BIGINT        NOT NULL,
    bridged_at     BIGINT,
    ended_at       BIGINT,
    outcome        VARCHAR(20),
    hangup_by      VARCHAR(10)
);
CREATE INDEX huibo_call_created ON huibo_call (created_at);
CREATE TABLE huibo_call_leg (
    call_id     VARCHAR(40) NOT NULL REFERENCES huibo_call (id),
    party       VARCHAR(8)  NOT NULL,
    state       VARCHAR(12) NOT NULL,
    invited_at  BIGINT,
    ringing_at  BIGINT,
    answered_at BIGINT,
    ended_at    BIGINT,
    sip_status  INTEGER,
    PRIMARY KEY (call_id, party)
);
