-- The centres' events keyed (centre, seq), partitioned by month of their time, and the restores that set some aside.

-- Each month is a partition of its own (events_yYYYYmMM, months of UTC), made when its first
-- event arrives (province.db.partitions). The key holds `at` because a partitioned table's key
-- must hold its partition key; that a (centre, seq) is stored once is the ingest's rule, under
-- the centre's row lock: it stores only seqs past the centre's acked_seq.
CREATE TABLE events (
    centre_id     integer NOT NULL,
    seq           bigint NOT NULL,
    at            timestamptz NOT NULL,
    type          text NOT NULL,
    ticket_id     bigint,
    counter       integer,
    body          json NOT NULL,   -- the core's stored event body, less the ticket's public_token
    set_aside_by  bigint,          -- the seq of the day.restored that set it aside, else NULL
    PRIMARY KEY (centre_id, seq, at)
) PARTITION BY RANGE (at);

-- A core restored from a backup goes on past every seq the lost database may have given; the
-- events the province holds past the backup's last are set aside (kept, not counted).
CREATE TABLE restores (
    centre_id    integer NOT NULL REFERENCES centres (id),
    seq          bigint NOT NULL,     -- the day.restored event
    backup_seq   bigint NOT NULL,     -- the backup's last event
    first_seq    bigint NOT NULL,     -- where the centre's log went on
    held_seq     bigint NOT NULL,     -- the last seq the province held before the jump
    set_aside    integer NOT NULL,    -- events set aside
    at           timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (centre_id, seq)
);
