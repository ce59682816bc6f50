-- Orders, the idempotency keys that created them, and the transactional outbox.
-- All three are written in one transaction: an order exists if and only if its events will go out.

CREATE TABLE orders (
    id         uuid          PRIMARY KEY,
    user_id    varchar(200)  NOT NULL,
    product_id varchar(200)  NOT NULL,
    amount     numeric(19,2) NOT NULL CHECK (amount > 0),
    status     varchar(16)   NOT NULL,
    created_at timestamptz   NOT NULL
);

CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at, id);

-- The key is the primary key: of two concurrent requests with the same key only one commits,
-- the other hits the unique violation and answers with the winner's order.
CREATE TABLE idempotency_keys (
    idempotency_key varchar(200) PRIMARY KEY,
    request_hash    char(64)     NOT NULL,
    order_id        uuid         NOT NULL REFERENCES orders (id),
    created_at      timestamptz  NOT NULL
);

-- One row per event and transport. The relay claims pending rows with FOR UPDATE SKIP LOCKED,
-- publishes, and sets sent_at only after the broker acknowledged.
CREATE TABLE outbox_events (
    id              bigserial    PRIMARY KEY,
    event_id        uuid         NOT NULL,
    transport       varchar(16)  NOT NULL,
    event_type      varchar(100) NOT NULL,
    aggregate_id    varchar(64)  NOT NULL,
    payload         text         NOT NULL,
    traceparent     varchar(128),
    occurred_at     timestamptz  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    last_error      varchar(1000),
    sent_at         timestamptz,
    UNIQUE (event_id, transport)
);

-- The relay's query: pending rows of one transport, oldest first.
CREATE INDEX outbox_events_pending_idx ON outbox_events (transport, id) WHERE sent_at IS NULL;
-- Retention cleanup.
CREATE INDEX outbox_events_sent_at_idx ON outbox_events (sent_at) WHERE sent_at IS NOT NULL;
