-- What the province derives from the events, batch by batch: each ticket as it stands, the figures of each centre's day per service, the live state.

-- Each ticket as its latest event left it, keyed (centre, business day, ticket id) and
-- partitioned by month of the business day (tickets_yYYYYmMM).
CREATE TABLE tickets (
    centre_id          integer NOT NULL,
    business_day       date NOT NULL,
    ticket_id          bigint NOT NULL,
    number             text NOT NULL,
    service_id         text NOT NULL,
    agency_id          text NOT NULL,
    issued_service_id  text,
    status             text NOT NULL,
    priority           boolean NOT NULL,
    priority_kind      text,
    channel            text,
    lang               text,
    counter            integer,
    staff              text,
    issued_at          timestamptz NOT NULL,
    queue_at           timestamptz,
    called_at          timestamptz,
    first_called_at    timestamptz,
    started_at         timestamptz,
    finished_at        timestamptz,
    recalls            integer NOT NULL,
    transfers          integer NOT NULL,
    transferred_from   text,
    estimate_minutes   integer,
    ahead_at_issue     integer,
    rating             smallint,
    first_seq          bigint NOT NULL,   -- the first event of it the province took
    last_seq           bigint NOT NULL,   -- the event it stands as
    -- Microseconds from the issue to the first call, and from start to finish of one served:
    -- the core's wait and service time (queue_core.store.figures), exact.
    wait_us            bigint GENERATED ALWAYS AS
                       ((extract(epoch FROM first_called_at - issued_at) * 1000000)::bigint) STORED,
    service_us         bigint GENERATED ALWAYS AS
                       (CASE WHEN status = 'done'
                        THEN (extract(epoch FROM finished_at - started_at) * 1000000)::bigint END)
                       STORED,
    PRIMARY KEY (centre_id, business_day, ticket_id)
) PARTITION BY RANGE (business_day);
CREATE INDEX tickets_group ON tickets (centre_id, business_day, service_id);
CREATE INDEX tickets_waiting ON tickets (centre_id, business_day, service_id)
    WHERE status = 'waiting';

-- Per centre, business day and service (and the service's agency): the day's figures, as the
-- core's own (docs/reports.md), kept for the groups each batch touched.
CREATE TABLE day_figures (
    centre_id        integer NOT NULL,
    business_day     date NOT NULL,
    service_id       text NOT NULL,
    agency_id        text NOT NULL,
    issued           integer NOT NULL,
    served           integer NOT NULL,
    no_show          integer NOT NULL,
    cancelled        integer NOT NULL,
    gave_up          integer NOT NULL,   -- never called and cancelled, or a no-show past target
    called           integer NOT NULL,   -- tickets with a first call: the waits counted
    within_target    integer,            -- called within the target wait; NULL: target unknown
    wait_sum_us      bigint NOT NULL,
    wait_p50_us      bigint,             -- nearest-rank percentiles, as the core's
    wait_p90_us      bigint,
    wait_histogram   integer[] NOT NULL, -- [i+1]: waits of i to i+1 minutes; the last, 240 or more
    service_n        integer NOT NULL,
    service_sum_us   bigint NOT NULL,
    service_p50_us   bigint,
    service_p90_us   bigint,
    rated            integer NOT NULL,
    ratings          integer[] NOT NULL, -- [k]: ratings of score k (1: the site's best level)
    last_seq         bigint NOT NULL,    -- the centre's seq when it was last derived
    PRIMARY KEY (centre_id, business_day, service_id)
);
CREATE INDEX day_figures_day ON day_figures (business_day, centre_id);

-- The live state of each centre: who waits for each service, and each counter's state.
CREATE TABLE live_services (
    centre_id      integer NOT NULL,
    service_id     text NOT NULL,
    waiting        integer NOT NULL,
    longest_since  timestamptz,        -- the issue time of the ticket waiting longest
    last_seq       bigint NOT NULL,
    PRIMARY KEY (centre_id, service_id)
);

CREATE TABLE live_counters (
    centre_id  integer NOT NULL,
    counter    integer NOT NULL,
    state      text NOT NULL,           -- open, paused, closed
    staff      text,
    since      timestamptz NOT NULL,
    last_seq   bigint NOT NULL,
    PRIMARY KEY (centre_id, counter)
);
