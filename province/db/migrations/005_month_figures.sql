-- A month's figures per centre and service, summed from its day figures and kept batch by batch, so that a month's report reads one row per centre and service rather than one per day.

-- Per centre, month (its first day) and service, with the agency its days gave: the sums of
-- day_figures (province.rollup keeps it: each batch sums again the months of the day figures it
-- changed). judged: the waits called on days whose target was known (within_target's base).
CREATE TABLE month_figures (
    centre_id        integer NOT NULL,
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    service_id       text NOT NULL,
    agency_id        text NOT NULL,
    issued           integer NOT NULL,
    served           integer NOT NULL,
    no_show          integer NOT NULL,
    cancelled        integer NOT NULL,
    gave_up          integer NOT NULL,
    called           integer NOT NULL,
    within_target    integer NOT NULL,
    judged           integer NOT NULL,
    wait_sum_us      bigint NOT NULL,
    wait_histogram   integer[] NOT NULL,   -- day_figures' histograms summed element by element
    service_n        integer NOT NULL,
    service_sum_us   bigint NOT NULL,
    rated            integer NOT NULL,
    ratings          integer[] NOT NULL,
    PRIMARY KEY (centre_id, month, service_id, agency_id)
);
CREATE INDEX month_figures_month ON month_figures (month, centre_id);

-- The months of (centre; month, service) pairs summed again from their day figures: what a
-- batch calls for the months it changed (province.rollup), in one round trip, with its plans
-- kept by the connection.
CREATE FUNCTION refresh_month_figures(centre integer, months date[], service_ids text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM month_figures m USING unnest(months, service_ids) AS k(month, service_id)
    WHERE m.centre_id = centre AND m.month = k.month AND m.service_id = k.service_id;
    INSERT INTO month_figures
    WITH d AS MATERIALIZED (
        SELECT f.*, k.month FROM unnest(months, service_ids) AS k(month, service_id)
        JOIN day_figures f ON f.centre_id = centre AND f.service_id = k.service_id
         AND f.business_day >= k.month AND f.business_day < (k.month + interval '1 month')::date
    ), counts AS (
        SELECT d.month, d.service_id, d.agency_id,
               sum(d.issued)::int AS issued, sum(d.served)::int AS served,
               sum(d.no_show)::int AS no_show, sum(d.cancelled)::int AS cancelled,
               sum(d.gave_up)::int AS gave_up, sum(d.called)::int AS called,
               coalesce(sum(d.within_target), 0)::int AS within_target,
               coalesce(sum(d.called) FILTER (WHERE d.within_target IS NOT NULL), 0)::int
                   AS judged,
               sum(d.wait_sum_us)::bigint AS wait_sum_us, sum(d.service_n)::int AS service_n,
               sum(d.service_sum_us)::bigint AS service_sum_us, sum(d.rated)::int AS rated
        FROM d GROUP BY 1, 2, 3
    ), waits AS (
        SELECT month, service_id, agency_id, array_agg(n ORDER BY i) AS sums FROM (
            SELECT d.month, d.service_id, d.agency_id, u.i, sum(u.n)::int AS n
            FROM d CROSS JOIN LATERAL unnest(d.wait_histogram) WITH ORDINALITY AS u(n, i)
            GROUP BY 1, 2, 3, 4
        ) e GROUP BY 1, 2, 3
    ), levels AS (
        SELECT month, service_id, agency_id, array_agg(n ORDER BY i) AS sums FROM (
            SELECT d.month, d.service_id, d.agency_id, u.i, sum(u.n)::int AS n
            FROM d CROSS JOIN LATERAL unnest(d.ratings) WITH ORDINALITY AS u(n, i)
            GROUP BY 1, 2, 3, 4
        ) e GROUP BY 1, 2, 3
    )
    SELECT centre, c.month, c.service_id, c.agency_id, c.issued, c.served, c.no_show,
           c.cancelled, c.gave_up, c.called, c.within_target, c.judged, c.wait_sum_us,
           coalesce(w.sums, '{}'), c.service_n, c.service_sum_us, c.rated,
           coalesce(l.sums, '{}')
    FROM counts c
    LEFT JOIN waits w USING (month, service_id, agency_id)
    LEFT JOIN levels l USING (month, service_id, agency_id);
END
$$;

-- The months of the day figures already held.
SELECT refresh_month_figures(centre_id, array_agg(month), array_agg(service_id))
FROM (
    SELECT DISTINCT centre_id, date_trunc('month', business_day)::date AS month, service_id
    FROM day_figures
) k GROUP BY centre_id;
