-- Centres with the hash of their tokens, and what each one's site file names: agencies, services and their target waits, rating levels.

CREATE TABLE centres (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
    name            text NOT NULL CHECK (name <> ''),
    token_hash      text NOT NULL UNIQUE,            -- sha256 of the token, hex; never the token
    added_at        timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    acked_seq       bigint NOT NULL DEFAULT 0,       -- every event of the centre's log up to it is held
    last_seen_at    timestamptz,                     -- the last request its token made
    last_event_at   timestamptz,                     -- the newest event held
    current_day     date,                            -- the latest business day of its tickets
    timezone        text,                            -- from the site file, when one was given
    rating_levels   text[],
    site_loaded_at  timestamptz
);

CREATE TABLE agencies (
    centre_id   integer NOT NULL REFERENCES centres (id),
    agency_id   text NOT NULL,
    name        text NOT NULL,
    name_en     text NOT NULL DEFAULT '',
    ord         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (centre_id, agency_id)
);

CREATE TABLE services (
    centre_id            integer NOT NULL REFERENCES centres (id),
    service_id           text NOT NULL,
    agency_id            text NOT NULL,
    name                 text NOT NULL,
    name_en              text NOT NULL DEFAULT '',
    target_wait_minutes  integer NOT NULL CHECK (target_wait_minutes > 0),
    ord                  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (centre_id, service_id)
);
