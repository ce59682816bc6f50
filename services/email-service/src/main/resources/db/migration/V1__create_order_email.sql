-- One row per order: the transactional inbox and the record of the confirmation e-mail.
-- The primary key on order_id is what makes delivery idempotent across transports, restarts and replicas.
create table order_email (
    order_id           varchar(200)  primary key,
    user_id            varchar(200)  not null,
    product_id         varchar(200)  not null,
    amount             numeric       not null,
    -- which broker delivered the event first: 'kafka' or 'rabbitmq'
    transport          varchar(16)   not null,
    -- the original message body, byte for byte, for dead-lettering after a permanent failure
    payload            bytea         not null,
    -- W3C trace context of the event, so that the send continues the order's trace
    traceparent        varchar(128),
    -- PENDING (to send), SENT, DEAD_LETTERED
    status             varchar(16)   not null,
    -- how many times the event arrived (any transport); duplicates only bump this
    deliveries         integer       not null default 1,
    attempts           integer       not null default 0,
    next_attempt_at    timestamptz   not null,
    last_error         text,
    received_at        timestamptz   not null,
    recipient          varchar(320),
    subject            varchar(1000),
    sent_at            timestamptz,
    dead_letter_reason text
);

-- The dispatcher looks only at due, pending rows.
create index order_email_due_idx on order_email (next_attempt_at) where status = 'PENDING';
