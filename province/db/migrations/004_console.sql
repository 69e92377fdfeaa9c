-- The provincial console: its staff, their sessions, the audit of changes, each centre's own alerts as its log raised them, and the services' opening hours.

-- Provincial staff: a viewer reads, an admin also adds centres and staff. The password is kept
-- only as an scrypt hash; password_stamp moves on with each new password, and a session opened
-- under another stamp is over.
CREATE TABLE staff (
    username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
    name            text NOT NULL CHECK (name <> ''),
    role            text NOT NULL CHECK (role IN ('viewer', 'admin')),
    password_hash   text NOT NULL,
    password_stamp  integer NOT NULL DEFAULT 1,
    active          boolean NOT NULL DEFAULT true,
    added_at        timestamptz NOT NULL DEFAULT now()
);

-- A console session: the cookie's token, kept only as its SHA-256.
CREATE TABLE staff_sessions (
    token_hash      text PRIMARY KEY,
    username        text NOT NULL REFERENCES staff (username),
    password_stamp  integer NOT NULL,
    address         text,
    opened_at       timestamptz NOT NULL,
    used_at         timestamptz NOT NULL,
    ended_at        timestamptz
);
CREATE INDEX staff_sessions_user ON staff_sessions (username) WHERE ended_at IS NULL;

-- Who changed what at the province, when, the state before and after (the console's forms and
-- the CLI's commands alike).
CREATE TABLE audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    target  text NOT NULL,
    before  jsonb,
    after   jsonb
);
CREATE INDEX audit_at ON audit (at DESC, id DESC);

-- The alerts a centre's own console holds raised now (its backups, devices, counters, the
-- shipping), as its log's alert.raised and alert.cleared events left them: one row per key,
-- kept batch by batch (province.alerts).
CREATE TABLE centre_alerts (
    centre_id   integer NOT NULL REFERENCES centres (id),
    key         text NOT NULL,
    kind        text NOT NULL,
    subject     text,
    message     text NOT NULL,
    message_en  text NOT NULL,
    raised_at   timestamptz NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (centre_id, key)
);

-- A centre's alert events, few among the rest: read again when a restore sets some aside.
CREATE INDEX events_alerts ON events (centre_id, seq)
    WHERE type IN ('alert.raised', 'alert.cleared');

INSERT INTO centre_alerts (centre_id, key, kind, subject, message, message_en, raised_at, seq)
SELECT centre_id, key, kind, subject, message, message_en, at, seq
FROM (
    SELECT DISTINCT ON (centre_id, body -> 'detail' ->> 'key')
        centre_id, seq, at, type,
        body -> 'detail' ->> 'key' AS key,
        coalesce(body -> 'detail' ->> 'kind', '') AS kind,
        body -> 'detail' ->> 'subject' AS subject,
        coalesce(body -> 'detail' ->> 'message', '') AS message,
        coalesce(body -> 'detail' ->> 'message_en', '') AS message_en
    FROM events
    WHERE type IN ('alert.raised', 'alert.cleared') AND set_aside_by IS NULL
        AND body -> 'detail' ->> 'key' IS NOT NULL
    ORDER BY centre_id, body -> 'detail' ->> 'key', seq DESC
) latest
WHERE type = 'alert.raised';

-- When each service takes tickets, from the centre's site file: {"weekdays": [0..6, 0 Monday],
-- "periods": [["07:30", "17:00"], …]} in the centre's time zone. NULL until the site file is
-- given again: a centre whose hours are unknown is expected to be open at any hour.
ALTER TABLE services ADD COLUMN hours jsonb;
