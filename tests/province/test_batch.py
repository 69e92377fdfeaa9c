"""A batch read and planned without a database: the gzip limits, the checks of each event, and
what a batch adds to a log held up to acked_seq (runs to store, a restore's jump, a gap)."""

from __future__ import annotations

import gzip
from datetime import timedelta

import orjson
import pytest

from province.batch import MAX_BYTES, decode, gunzip, plan
from province.errors import Gap, InvalidBatch
from province.figures import day_figures, percentile
from queue_core.store import percentile as core_percentile
from tests.province.conftest import MORNING, event, issues, ticket


def batch(events: list[dict]) -> bytes:
    return orjson.dumps({"centre": "c", "events": events})


def seqs(segments: tuple) -> list[list[int]]:
    return [[e.seq for e in segment.events] for segment in segments]


def test_gunzip_takes_up_to_the_limit_and_no_more() -> None:
    assert gunzip(gzip.compress(b"x" * MAX_BYTES)) == b"x" * MAX_BYTES
    with pytest.raises(InvalidBatch) as too_large:
        gunzip(gzip.compress(b"x" * (MAX_BYTES + 1)))
    assert too_large.value.code == "batch_too_large"
    for bad in (b"plain", gzip.compress(b"{}")[:-3], gzip.compress(b"{}") + gzip.compress(b"{}")):
        with pytest.raises(InvalidBatch) as refused:
            gunzip(bad)
        assert refused.value.code == "invalid_batch"


def test_decode_keeps_each_event_as_sent_but_the_citizens_token() -> None:
    events = issues(1, 2)
    events[0]["ticket"]["public_token"] = "secret"
    events.append(event(3, "something.new", MORNING, extra={"kept": True}))
    decoded = decode(batch(events), "c")
    assert [e.seq for e in decoded.events] == [1, 2, 3]
    first = orjson.loads(decoded.events[0].body)
    assert "public_token" not in first["ticket"]
    assert first["ticket"]["number"] == "1001"
    assert orjson.loads(decoded.events[2].body)["detail"] == {"extra": {"kept": True}}
    assert decoded.events[2].ticket is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.update(counter=None, type="counter.opened"), "without its counter"),
        (lambda e: e["ticket"].update(id=0), "ticket.id"),
        (lambda e: e["ticket"].update(rating=11), "ticket.rating"),
        (lambda e: e["ticket"].update(service_id=""), "ticket.service_id"),
        (lambda e: e["ticket"].update(issued_at="2026-11-25"), "ticket.issued_at"),
        (lambda e: e.update(type=""), "type"),
        (lambda e: e.update(detail=[1]), "detail"),
        (lambda e: e.update(seq=True), "no seq"),
    ],
)
def test_decode_names_the_first_fault(change: object, words: str) -> None:
    events = issues(1, 3)
    change(events[1])  # type: ignore[operator]
    with pytest.raises(InvalidBatch) as refused:
        decode(batch(events), "c")
    assert words in refused.value.message


def test_plan_stores_what_goes_on_from_acked() -> None:
    events = decode(batch(issues(1, 6)), "c").events
    assert seqs(plan(0, events)) == [[1, 2, 3, 4, 5, 6]]
    assert seqs(plan(4, events)) == [[5, 6]]
    assert plan(6, events) == ()
    assert plan(9, events) == ()
    with pytest.raises(Gap) as gap:
        plan(0, events[2:])
    assert gap.value.acked_seq == 0


def test_plan_takes_a_restores_jump_at_the_start_or_inside_a_batch() -> None:
    later = MORNING + timedelta(hours=1)
    restored = event(50, "day.restored", later, backup_seq=3)
    after = event(51, "ticket.issued", later, ticket(9, issued=later))
    events = decode(batch([*issues(3, 2, first_id=3), restored, after]), "c").events
    segments = plan(2, events)
    assert seqs(segments) == [[3, 4], [50, 51]]
    assert segments[0].restore is None
    restore = segments[1].restore
    assert restore is not None
    assert (restore.backup_seq, restore.first_seq, restore.held_seq) == (3, 50, 4)
    with pytest.raises(Gap):  # a backup past what is held
        plan(0, events[2:])


def test_plan_refuses_a_restore_whose_backup_it_does_not_hold() -> None:
    restored = event(50, "day.restored", MORNING, backup_seq=9)
    events = decode(batch([*issues(1, 4), restored]), "c").events
    with pytest.raises(InvalidBatch, match="inside the batch"):
        plan(0, events)
    with pytest.raises(Gap):
        plan(4, events)


def test_plan_takes_two_restores_in_one_batch() -> None:
    first = event(20, "day.restored", MORNING, backup_seq=2)
    second = event(40, "day.restored", MORNING, backup_seq=20)
    events = decode(batch([*issues(1, 2), first, second]), "c").events
    segments = plan(0, events)
    assert seqs(segments) == [[1, 2], [20], [40]]
    assert [s.restore.backup_seq if s.restore else None for s in segments] == [None, 2, 20]


def test_percentiles_are_the_cores_nearest_rank() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    for n in range(1, 400):
        values = list(range(n))
        for share in (0.5, 0.9):
            assert percentile(values, share) == core_percentile(values, share), (n, share)


def test_day_figures_count_who_gave_up_by_the_target() -> None:
    minute = 60_000_000
    facts = [
        ("stp", "cancelled", None, None, None),  # never called: gave up
        ("stp", "cancelled", 5 * minute, None, None),  # called, sent back, cancelled: not
        ("stp", "no_show", 31 * minute, None, None),  # past a 30 minute target: gave up
        ("stp", "no_show", 30 * minute, None, None),  # on target: not
        ("stp", "done", 2 * minute, 4 * minute, 2),
    ]
    known = day_figures(facts, 30)
    assert (known.issued, known.cancelled, known.no_show, known.served) == (5, 2, 2, 1)
    assert known.gave_up == 2
    assert known.cancelled_uncalled == 1  # the on-time share's base: 4 called + 1
    assert known.within_target == 3
    assert known.ratings == [0, 1]
    assert known.wait_histogram[:6] == [0, 0, 1, 0, 0, 1]
    unknown = day_figures(facts, None)
    assert unknown.gave_up == 1 and unknown.within_target is None
    assert unknown.cancelled_uncalled == 1


def test_each_tickets_last_version_in_a_batch_is_read_whole_the_others_to_their_key() -> None:
    first = event(1, "ticket.issued", MORNING, ticket(1, called=MORNING))
    first["ticket"]["called_at"] = "not read: a later version stands"
    later = MORNING + timedelta(minutes=3)
    second = event(2, "ticket.called", later, ticket(1, status="called", called=later))
    decoded = decode(batch([first, second]), "c").events
    assert [e.ticket_key for e in decoded] == [(later.date(), 1), (later.date(), 1)]
    assert decoded[0].ticket is None
    assert decoded[1].ticket is not None and decoded[1].ticket.values[4] == "called"
    second["ticket"]["called_at"] = "read"
    with pytest.raises(InvalidBatch, match=r"ticket\.called_at"):
        decode(batch([first, second]), "c")
    first["ticket"]["business_day"] = "never"
    with pytest.raises(InvalidBatch, match=r"ticket\.business_day"):
        decode(batch([first, second]), "c")
