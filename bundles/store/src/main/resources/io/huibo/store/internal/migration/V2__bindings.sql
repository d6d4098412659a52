-- The number pool and AXB/AXN bindings. Times are epoch milliseconds (UTC), as in V1.
--
-- The invariant lives in constraints, not only in Java: huibo_binding_party holds one row per
-- number of each ACTIVE binding on an X (bindings keep their record in huibo_binding), so
--  * UNIQUE (x, party_number): for one X, a number is in at most one active binding;
--  * an AXN binding also holds the row (x, '*'), "any caller": a second AXN on X collides;
--  * every party row names the mode X is held in, and the composite foreign key to
--    huibo_number (number, held_mode) makes all active bindings on X share that mode, and
--    refuses to change it while any is there: AXN and AXB never share an X.
-- Writers serialise per X by updating its huibo_number row first (a row lock till commit).
CREATE TABLE huibo_number (
    number    VARCHAR(20) NOT NULL PRIMARY KEY,
    city      VARCHAR(8),
    store_id  VARCHAR(64),
    added_at  BIGINT      NOT NULL,
    held_mode VARCHAR(3),
    version   BIGINT      NOT NULL,
    CONSTRAINT huibo_number_held UNIQUE (number, held_mode),
    CONSTRAINT huibo_number_mode CHECK (held_mode IN ('AXB', 'AXN'))
);
CREATE INDEX huibo_number_city ON huibo_number (city);
CREATE TABLE huibo_binding (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    mode          VARCHAR(3)   NOT NULL,
    x             VARCHAR(20)  NOT NULL,
    a             VARCHAR(20)  NOT NULL,
    b             VARCHAR(20),
    direction     VARCHAR(8)   NOT NULL,
    order_id      VARCHAR(128),
    city          VARCHAR(8),
    city_fallback SMALLINT     NOT NULL,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    deleted_at    BIGINT,
    CONSTRAINT huibo_binding_mode CHECK ((mode = 'AXB' AND b IS NOT NULL AND b <> a) OR (mode = 'AXN' AND b IS NULL))
);
CREATE INDEX huibo_binding_order ON huibo_binding (order_id);
CREATE INDEX huibo_binding_x ON huibo_binding (x, expires_at);
CREATE TABLE huibo_binding_party (
    x            VARCHAR(20) NOT NULL,
    party_number VARCHAR(20) NOT NULL,
    binding_id   VARCHAR(40) NOT NULL REFERENCES huibo_binding (id),
    x_mode       VARCHAR(3)  NOT NULL,
    CONSTRAINT huibo_party_once UNIQUE (x, party_number),
    CONSTRAINT huibo_party_x_mode FOREIGN KEY (x, x_mode) REFERENCES huibo_number (number, held_mode)
);
CREATE INDEX huibo_party_binding ON huibo_binding_party (binding_id);
