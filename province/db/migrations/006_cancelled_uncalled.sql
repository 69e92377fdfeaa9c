-- The tickets cancelled without a call, per day and month: they count against the on-time share, as in the core.

-- Per centre, business day and service: the tickets cancelled before any call (by hand or at
-- the day's end), those who gave up before a call. The on-time share's base, as the core's
-- (queue_core.domain.gaveup), is those called plus these, where the target is known.
ALTER TABLE day_figures ADD COLUMN cancelled_uncalled integer NOT NULL DEFAULT 0;
UPDATE day_figures d SET cancelled_uncalled = u.n
FROM (
    SELECT centre_id, business_day, service_id, count(*)::int AS n FROM tickets
    WHERE status = 'cancelled' AND wait_us IS NULL GROUP BY 1, 2, 3
) u
WHERE d.centre_id = u.centre_id AND d.business_day = u.business_day
  AND d.service_id = u.service_id;

-- The month's sums of it; judged (within_target's base) now holds them too: the waits called
-- and the tickets cancelled uncalled, on days whose target was known.
ALTER TABLE month_figures ADD COLUMN cancelled_uncalled integer NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION refresh_month_figures(centre integer, months date[], service_ids text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM month_figures m USING unnest(months, service_ids) AS k(month, service_id)
    WHERE m.centre_id = centre AND m.month = k.month AND m.service_id = k.service_id;
    INSERT INTO month_figures (centre_id, month, service_id, agency_id, issued, served, no_show,
                               cancelled, gave_up, called, within_target, judged, wait_sum_us,
                               wait_histogram, service_n, service_sum_us, rated, ratings,
                               cancelled_uncalled)
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
               coalesce(sum(d.called + d.cancelled_uncalled)
                        FILTER (WHERE d.within_target IS NOT NULL), 0)::int AS judged,
               sum(d.wait_sum_us)::bigint AS wait_sum_us, sum(d.service_n)::int AS service_n,
               sum(d.service_sum_us)::bigint AS service_sum_us, sum(d.rated)::int AS rated,
               sum(d.cancelled_uncalled)::int AS cancelled_uncalled
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
           coalesce(l.sums, '{}'), c.cancelled_uncalled
    FROM counts c
    LEFT JOIN waits w USING (month, service_id, agency_id)
    LEFT JOIN levels l USING (month, service_id, agency_id);
END
$$;

-- The months of the day figures already held, summed again.
DELETE FROM month_figures;
SELECT refresh_month_figures(centre_id, array_agg(month), array_agg(service_id))
FROM (
    SELECT DISTINCT centre_id, date_trunc('month', business_day)::date AS month, service_id
    FROM day_figures
) k GROUP BY centre_id;
