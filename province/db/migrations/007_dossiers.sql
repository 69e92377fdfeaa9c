-- Each centre's dossiers as its log's dossier.changed events left them, and their figures per business day and agency.

-- A business day starts at this hour where the centre is (the site file's day_reset_hour; 0
-- until a site file is given again after this step).
ALTER TABLE centres ADD COLUMN day_reset_hour integer;

-- Per centre and dossier (the core names it by its code's hash: never its code nor its
-- holder), its last version the log sent.
CREATE TABLE dossiers (
    centre_id    integer NOT NULL,
    dossier      text NOT NULL,
    agency_id    text NOT NULL,
    status       text NOT NULL,        -- processing, needs_supplement, ready, returned, rejected
    received_at  timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    resolved_at  timestamptz,
    last_seq     bigint NOT NULL,
    PRIMARY KEY (centre_id, dossier)
);
CREATE INDEX dossiers_received ON dossiers (centre_id, agency_id, received_at);
CREATE INDEX dossiers_resolved ON dossiers (centre_id, agency_id, resolved_at)
    WHERE resolved_at IS NOT NULL;

-- Per centre, business day and agency, as the core's `luot-core report --by agency` counts
-- them: received that day; resolved that day (status ready, returned or rejected), early
-- (before the due date), on time (on it) or late (after the due time).
CREATE TABLE dossier_days (
    centre_id     integer NOT NULL,
    business_day  date NOT NULL,
    agency_id     text NOT NULL,
    received      integer NOT NULL,
    resolved      integer NOT NULL,
    early         integer NOT NULL,
    on_time       integer NOT NULL,
    late          integer NOT NULL,
    PRIMARY KEY (centre_id, business_day, agency_id)
);
CREATE INDEX dossier_days_day ON dossier_days (business_day, centre_id);

-- The (business day, agency) groups a centre's dossiers of `keys` count in: the days they were
-- received and resolved, where the centre is (its site's time zone, Asia/Ho_Chi_Minh until one
-- is given, and day_reset_hour).
CREATE FUNCTION dossier_groups(centre integer, keys text[])
RETURNS TABLE (business_day date, agency_id text) LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT coalesce(timezone, 'Asia/Ho_Chi_Minh') AS tz,
               make_interval(hours => coalesce(day_reset_hour, 0)) AS shift
        FROM centres WHERE id = centre
    )
    SELECT DISTINCT ((m AT TIME ZONE c.tz) - c.shift)::date, x.agency_id
    FROM c, dossiers x CROSS JOIN LATERAL (VALUES (x.received_at), (x.resolved_at)) AS v(m)
    WHERE x.centre_id = centre AND x.dossier = ANY(keys) AND m IS NOT NULL
$$;

-- The figures of a centre's (business day, agency) groups counted again from its dossiers, as
-- the core counts them (queue_core.dossiers.repository.agency_figures: late past the due
-- time, early on a day before the due day, on time otherwise; a group with none is dropped).
CREATE FUNCTION refresh_dossier_days(centre integer, days date[], agencies text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz text;
    shift interval;
BEGIN
    SELECT coalesce(timezone, 'Asia/Ho_Chi_Minh'), make_interval(hours => coalesce(day_reset_hour, 0))
    INTO tz, shift FROM centres WHERE id = centre;
    DELETE FROM dossier_days d USING unnest(days, agencies) AS k(day, agency)
    WHERE d.centre_id = centre AND d.business_day = k.day AND d.agency_id = k.agency;
    INSERT INTO dossier_days
    SELECT centre, k.day, k.agency, r.n, s.resolved, s.early, s.on_time, s.late
    FROM (SELECT DISTINCT day, agency FROM unnest(days, agencies) AS u(day, agency)) k
    CROSS JOIN LATERAL (
        SELECT (k.day + shift) AT TIME ZONE tz AS first,
               (k.day + 1 + shift) AT TIME ZONE tz AS next
    ) b
    CROSS JOIN LATERAL (
        SELECT count(*)::int AS n FROM dossiers x
        WHERE x.centre_id = centre AND x.agency_id = k.agency
          AND x.received_at >= b.first AND x.received_at < b.next
    ) r
    CROSS JOIN LATERAL (
        SELECT count(*)::int AS resolved,
               count(*) FILTER (WHERE x.resolved_at <= x.due_at
                   AND (x.resolved_at AT TIME ZONE tz)::date < (x.due_at AT TIME ZONE tz)::date
               )::int AS early,
               count(*) FILTER (WHERE x.resolved_at <= x.due_at
                   AND (x.resolved_at AT TIME ZONE tz)::date >= (x.due_at AT TIME ZONE tz)::date
               )::int AS on_time,
               count(*) FILTER (WHERE x.resolved_at > x.due_at)::int AS late
        FROM dossiers x
        WHERE x.centre_id = centre AND x.agency_id = k.agency
          AND x.resolved_at >= b.first AND x.resolved_at < b.next
          AND x.status IN ('ready', 'returned', 'rejected')
    ) s
    WHERE r.n > 0 OR s.resolved > 0;
END
$$;

-- The dossier events held already (from a core that logged them before this step).
INSERT INTO dossiers
SELECT DISTINCT ON (centre_id, body -> 'detail' ->> 'dossier') centre_id,
       body -> 'detail' ->> 'dossier', body -> 'detail' ->> 'agency',
       body -> 'detail' ->> 'status', (body -> 'detail' ->> 'received_at')::timestamptz,
       (body -> 'detail' ->> 'due_at')::timestamptz,
       (body -> 'detail' ->> 'resolved_at')::timestamptz, seq
FROM events WHERE type = 'dossier.changed' AND set_aside_by IS NULL
ORDER BY centre_id, body -> 'detail' ->> 'dossier', seq DESC;
SELECT refresh_dossier_days(c.id, g.days, g.agencies)
FROM centres c CROSS JOIN LATERAL (
    SELECT array_agg(business_day) AS days, array_agg(agency_id) AS agencies
    FROM dossier_groups(c.id, ARRAY(SELECT dossier FROM dossiers WHERE centre_id = c.id))
) g
WHERE g.days IS NOT NULL;
