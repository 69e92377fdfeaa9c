"""The event log shipped to the province, against a small province listening on 127.0.0.1
(``harness.small_province``, strict by the contract): everything in order, in bounded gzip batches,
without the tickets' public tokens; from where the province holds the log after a restart; a
lost answer and a failed batch; a gap; the link down (backing off, an alert past the limit on an
injected clock, catching up when it returns); a refused centre; batches too large; a restore's
jump; and no shipper without ``[province]``. No test sleeps for the time it checks: each waits
for what it expects, within a guard."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from harness.small_province import SmallProvince
from queue_core.api.runtime import ApiRuntime
from queue_core.console import live
from queue_core.domain import (
    CallNext,
    CounterState,
    DomainError,
    IssueTicket,
    SetCounterState,
    SetNotices,
    ShippingState,
    StartService,
    backoff_seconds,
)
from queue_core.shipping import Shipper, batches, read_batch, shipped_event
from queue_core.store import Store, restore_backup, take_backup
from tests.queue_core.conftest import MORNING, SMALL_SITE, open_store

TOKEN = "luot_p_t0ken-of-hcc"
GUARD = 30.0
"""Seconds: a hang guard, not a measurement."""
TRICKY = 'a notice that reads ,"public_token":"x" and {"public_token":null}'


def _site(url: str, token: str = TOKEN, **more: object) -> str:
    lines = [f'url = "{url}"', 'centre = "hcc"', f'token = "{token}"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in more.items()]
    return SMALL_SITE + "\n[province]\n" + "\n".join(lines) + "\n"


class Clock:
    """The shipper's sense of now, moved by the test."""

    def __init__(self) -> None:
        self.at = MORNING

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def province() -> Iterator[SmallProvince]:
    with SmallProvince({"hcc": TOKEN}) as running:
        yield running


def _store(tmp_path: Path, site: str) -> Store:
    return open_store(tmp_path / "luot.db", site)


def _hall_day(store: Store, tickets: int, start: datetime = MORNING) -> datetime:
    """Tickets of two services, a counter calling and serving, a notice: events of every
    shape."""
    moment = start
    if store.counter_status(3).state is not CounterState.OPEN:
        store.execute(SetCounterState(3, CounterState.OPEN, "lan"), moment)
    store.execute(SetNotices((TRICKY, f"{start:%H:%M:%S}")), moment)
    for index in range(tickets):
        moment += timedelta(seconds=20)
        try:
            store.execute(IssueTicket("datdai" if index % 3 else "lltp"), moment)
        except DomainError as used_up:  # lltp's 40 numbers, after a restore's skip
            assert used_up.code == "number_range_exhausted"
            store.execute(IssueTicket("datdai"), moment)
        if index % 4 == 3 and store.execute(CallNext(3), moment).result is not None:
            store.execute(StartService(3), moment)
    return moment


def _last_seq(db: Path) -> int:
    store = Store.open(db)
    try:
        return store.last_seq()
    finally:
        store.close()


def _shipper(
    tmp_path: Path, clock: Clock | None = None, poll: float = 0.5, share: float = 1.0
) -> Shipper:
    """A shipper on the test's clock, quick to try again; not paced unless told (``share``)."""
    return Shipper(
        tmp_path / "luot.db",
        now=clock or Clock(),
        poll=poll,
        backoff=(0.01, 0.05),
        jitter=lambda: 0.5,
        share=share,
    )


def _ship_until_through(shipper: Shipper, steps: int = 500) -> ShippingState:
    """Steps while the shipper goes on at once; its state once it waits."""
    for _ in range(steps):
        if shipper.step() > 0:
            break
    state = shipper.state()
    assert state is not None
    return state


def _until(what: Callable[[], bool], guard: float = GUARD) -> None:
    end = time.monotonic() + guard
    while not what():
        assert time.monotonic() < end, "not within the guard"
        time.sleep(0.02)


def _as_stored(store: Store) -> list[dict[str, object]]:
    """The log as the province should hold it: every event without its public token."""
    events = store.events_since(0, limit=100_000)
    for event in events:
        if isinstance(event.get("ticket"), dict):
            del event["ticket"]["public_token"]  # type: ignore[attr-defined]
    return events


# --- everything, in order ------------------------------------------------------------------------


def test_the_log_goes_in_order_in_bounded_gzip_batches_without_public_tokens(
    tmp_path: Path, province: SmallProvince
) -> None:
    store = _store(tmp_path, _site(province.url, batch_events=25))
    _hall_day(store, 100)
    assert store.events_since(0)[2]["ticket"]["public_token"]  # there is one to strip
    shipper = _shipper(tmp_path)
    try:
        state = _ship_until_through(shipper)
    finally:
        shipper.stop()
    last = store.last_seq()
    assert province.held("hcc") == _as_stored(store)
    assert province.token_leaks == []
    assert all(0 < len(post.seqs) <= 25 for post in province.posts)
    assert [post.status for post in province.posts] == [200] * len(province.posts)
    assert [s for post in province.posts for s in post.seqs] == list(range(1, last + 1))
    assert all(post.gzip_bytes < post.raw_bytes for post in province.posts)
    assert (state.acked_seq, state.last_seq, state.behind, state.shipped) == (last, last, 0, last)
    assert (state.error, state.down_since, state.refused) == (None, None, None)
    assert state.last_contact == MORNING
    notice = next(e for e in province.held("hcc") if e["type"] == "notice.changed")
    assert notice["detail"]["notices"][0] == TRICKY  # type: ignore[index]
    store.close()


def test_a_batch_stops_before_4_mib_and_at_the_jump_of_a_restore(tmp_path: Path) -> None:
    store = _store(tmp_path, SMALL_SITE)
    _hall_day(store, 30)
    whole = read_batch(store, 0, "hcc", 2000)
    assert whole is not None and (whole.first, whole.count) == (1, store.last_seq())
    body = json.loads(gzip.decompress(whole.body))
    assert body["centre"] == "hcc" and len(body["events"]) == whole.count
    assert len(gzip.decompress(whole.body)) == whole.raw_bytes
    small = read_batch(store, 0, "hcc", 2000, max_bytes=whole.raw_bytes // 3)
    assert small is not None and 1 < small.count < whole.count // 2
    assert small.raw_bytes <= whole.raw_bytes // 3
    with store.transaction() as conn:  # a restore's jump, as restore_backup leaves the log
        conn.execute("UPDATE events SET seq = seq + 1000 WHERE seq > 10")
    cut = read_batch(store, 0, "hcc", 2000)
    after = read_batch(store, 10, "hcc", 2000)
    assert cut is not None and (cut.first, cut.last) == (1, 10)
    assert after is not None and after.first == 1011
    assert read_batch(store, store.last_seq(), "hcc", 2000) is None
    store.close()


def test_a_batch_is_read_a_chunk_at_a_time_breathing_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, SMALL_SITE)
    _hall_day(store, 60)
    whole = read_batch(store, 0, "hcc", 2000)
    monkeypatch.setattr(batches, "CHUNK", 16)
    breaths: list[int] = []
    chunked = read_batch(store, 0, "hcc", 2000, breathe=lambda: breaths.append(1))
    assert whole is not None and chunked == whole and whole.count > 3 * 16
    assert len(breaths) == (whole.count - 1) // 16
    part = read_batch(store, 5, "hcc", 40, breathe=lambda: breaths.append(1))
    assert part is not None and (part.first, part.last) == (6, 45)
    with store.transaction() as conn:  # a jump inside the third chunk
        conn.execute("UPDATE events SET seq = seq + 1000 WHERE seq > 40")
    cut = read_batch(store, 0, "hcc", 2000, breathe=lambda: None)
    assert cut is not None and (cut.first, cut.last) == (1, 40)
    store.close()


def test_an_event_loses_its_public_token_wherever_it_stands() -> None:
    stored = '{"seq":null,"type":"t","ticket":{"public_token":"a\\"b","id":1},"counter":null}'
    assert json.loads(shipped_event(7, stored)) == {
        "seq": 7, "type": "t", "ticket": {"id": 1}, "counter": None,
    }  # fmt: skip
    last = '{"seq":8,"type":"t","ticket":{"id":1,"public_token":null},"counter":2}'
    assert json.loads(shipped_event(8, last))["ticket"] == {"id": 1}
    other = '{"type":"t","at":"x","seq":null,"ticket":{"id":1,"public_token":"z"}}'  # older
    assert json.loads(shipped_event(9, other)) == {"type": "t", "at": "x", "seq": 9,
                                                   "ticket": {"id": 1}}  # fmt: skip
    text = f'{{"seq":null,"type":"notice.changed","detail":{{"notices":[{json.dumps(TRICKY)}]}}}}'
    assert json.loads(shipped_event(3, text))["detail"]["notices"] == [TRICKY]
    restored = '{"seq":null,"type":"day.restored","detail":{"backup_seq":5}}'
    assert json.loads(shipped_event(900, restored))["detail"] == {
        "backup_seq": 5, "first_seq": 900,
    }  # fmt: skip


def test_while_behind_it_waits_after_each_batch_for_its_share_of_a_core(
    tmp_path: Path, province: SmallProvince
) -> None:
    store = _store(tmp_path, _site(province.url, batch_events=10))
    _hall_day(store, 30)
    paced, eager = _shipper(tmp_path, share=0.0001), _shipper(tmp_path, share=1.0)
    try:
        waits = [paced.step() for _ in range(3)]
        assert all(wait > 0 for wait in waits) and province.acked("hcc") == 30
        assert eager.step() == 0.0  # asked the province first, then one batch: behind still
    finally:
        paced.stop()
        eager.stop()
    store.close()


# --- a restart, a lost answer, a gap -------------------------------------------------------------


def test_after_a_restart_it_goes_on_from_what_the_province_holds(
    tmp_path: Path, province: SmallProvince
) -> None:
    store = _store(tmp_path, _site(province.url))
    moment = _hall_day(store, 20)
    first = _shipper(tmp_path)
    _ship_until_through(first)
    first.stop()
    held = store.last_seq()
    _hall_day(store, 10, moment)
    posts, states = len(province.posts), province.states
    again = _shipper(tmp_path)
    try:
        state = _ship_until_through(again)
    finally:
        again.stop()
    assert province.states == states + 1  # asked first
    assert province.posts[posts].seqs[0] == held + 1
    assert province.held("hcc") == _as_stored(store)
    assert state.acked_seq == store.last_seq() and state.shipped == store.last_seq() - held
    store.close()


def test_a_lost_answer_is_not_sent_again_and_a_failed_batch_is(
    tmp_path: Path, province: SmallProvince, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store(tmp_path, _site(province.url, batch_events=10))
    _hall_day(store, 20)
    shipper = _shipper(tmp_path)
    province.lose_answers = 1  # the first batch is stored, its answer lost on the way
    with caplog.at_level(logging.WARNING, logger="luot.shipping"):
        delay = shipper.step()
        state = shipper.state()
        assert state is not None and state.error and state.down_since == MORNING
        assert 0.005 <= delay <= 0.01
        _ship_until_through(shipper)
        province.fail = 1  # the next batch fails (503): it is sent again
        _hall_day(store, 20, MORNING + timedelta(hours=1))
        state = _ship_until_through(shipper)
        state = _ship_until_through(shipper)
    shipper.stop()
    sent = [post.seqs[0] for post in province.posts]
    assert len(sent) == len(set(sent)) + 1  # one batch twice: the failed one, not the lost one
    assert province.posts[0].status is None and province.posts[1].seqs[0] == 11
    assert province.held("hcc") == _as_stored(store)
    assert state.acked_seq == store.last_seq() and state.error is None
    assert [r.levelno for r in caplog.records if r.name == "luot.shipping"].count(30) == 2
    store.close()


def test_a_gap_answer_sends_again_from_what_the_province_holds(
    tmp_path: Path, province: SmallProvince
) -> None:
    store = _store(tmp_path, _site(province.url, batch_events=100))
    moment = _hall_day(store, 30)
    shipper = _shipper(tmp_path)
    _ship_until_through(shipper)
    centre = province.centres["hcc"]
    with province.lock:  # the province lost what it held after seq 12 (its own restore)
        centre.events = {s: e for s, e in centre.events.items() if s <= 12}
        centre.acked = 12
    shipped = store.last_seq()
    _hall_day(store, 5, moment)
    state = _ship_until_through(shipper)
    shipper.stop()
    answers = [(post.seqs[0], post.status) for post in province.posts[-2:]]
    assert answers == [(shipped + 1, 409), (13, 200)]
    assert province.held("hcc") == _as_stored(store)
    assert state.acked_seq == store.last_seq()
    store.close()


# --- the link down -------------------------------------------------------------------------------


def test_while_the_link_is_down_it_backs_off_alerts_past_the_limit_and_catches_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    province = SmallProvince({"hcc": TOKEN})
    province.start()
    province.close()  # its port known, nobody listening there: connections refused
    store = _store(tmp_path, _site(province.url, unreachable_minutes=15))
    moment = _hall_day(store, 30)
    clock = Clock()
    shipper = _shipper(tmp_path, clock, poll=0.05)
    with caplog.at_level(logging.WARNING, logger="luot.shipping"):
        shipper.start()
        try:
            _until(lambda: (shipper.state() or ShippingState("", "")).error is not None)
            state = shipper.state()
            assert state is not None and state.down_since == MORNING and state.acked_seq is None
            assert "ConnectError" in (state.error or "")
            assert live.province_alerts(state, MORNING + timedelta(minutes=15)) == ()
            (alert,) = live.province_alerts(state, MORNING + timedelta(minutes=16))
            assert (alert.key, alert.kind) == ("province:unreachable", "province_unreachable")
            assert "16 min" in alert.message_en and "ConnectError" in alert.message_en
            clock.at = MORNING + timedelta(days=3)  # offline for days, the hall goes on
            _hall_day(store, 30, moment)
            province.start()  # the link is back, on the same address
            _until(lambda: province.acked("hcc") == store.last_seq())
            _until(lambda: (shipper.state() or ShippingState("", "")).down_since is None)
        finally:
            shipper.stop()
    state = shipper.state()
    assert state is not None and state.error is None and state.behind == 0
    assert state.last_contact == MORNING + timedelta(days=3)
    assert live.province_alerts(state, clock.at + timedelta(hours=1)) == ()
    assert province.held("hcc") == _as_stored(store)
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "ConnectError" in warned[0]  # once for the outage, not a try
    province.close()
    store.close()


def test_the_wait_doubles_up_to_its_cap_with_half_of_it_jittered() -> None:
    waits = [backoff_seconds(n, 0.0, 1.0, 60.0) for n in range(1, 10)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert [backoff_seconds(n, 0.999999, 1.0, 60.0) for n in (1, 7, 1000)] == pytest.approx(
        [1.0, 60.0, 60.0]
    )
    assert backoff_seconds(0, 0.5) == backoff_seconds(1, 0.5) == 0.75


# --- refused, too large --------------------------------------------------------------------------


def test_a_refused_centre_ships_nothing_more_with_an_alert_until_its_token_changes(
    tmp_path: Path, province: SmallProvince, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store(tmp_path, _site(province.url, token="luot_p_not-this-one"))
    _hall_day(store, 10)
    shipper = _shipper(tmp_path)
    with caplog.at_level(logging.ERROR, logger="luot.shipping"):
        assert shipper.step() == 10.0
        state = shipper.state()
        assert state is not None and state.refused == "401 unknown_centre: refused"
        (alert,) = live.province_alerts(state, MORNING)
        assert (alert.key, alert.kind) == ("province:refused", "province_refused")
        assert "401 unknown_centre" in alert.message_en
        before = (province.states, len(province.posts))
        assert shipper.step() == 10.0 and (province.states, len(province.posts)) == before
        store.import_site(_site(province.url), MORNING)  # the right token
        state = _ship_until_through(shipper)
        assert state.refused is None and state.acked_seq == store.last_seq()
        assert live.province_alerts(state, MORNING) == ()
        province.centres["hcc"].revoked = True
        _hall_day(store, 3, MORNING + timedelta(hours=1))
        shipper.step()
        state = shipper.state()
    shipper.stop()
    assert state is not None and state.refused == "403 centre_revoked: refused"
    assert TOKEN not in caplog.text and "not-this-one" not in caplog.text
    assert [r.levelno for r in caplog.records if r.name == "luot.shipping"].count(40) == 2
    store.close()


def test_a_token_file_is_read_when_shipping_and_an_unreadable_one_is_refused(
    tmp_path: Path, province: SmallProvince, caplog: pytest.LogCaptureFixture
) -> None:
    token_file = tmp_path / "province.token"
    site = _site(province.url).replace(f'token = "{TOKEN}"', f'token_file = "{token_file}"')
    store = _store(tmp_path, site)
    _hall_day(store, 5)
    shipper = _shipper(tmp_path)
    with caplog.at_level(logging.ERROR, logger="luot.shipping"):
        shipper.step()
    state = shipper.state()
    assert state is not None and state.refused is not None
    assert state.refused.startswith(f"cannot read the token file {token_file}")
    assert (province.states, province.posts) == (0, [])
    token_file.write_text(TOKEN + "\n")
    state = _ship_until_through(shipper)
    shipper.stop()
    assert state.refused is None and province.acked("hcc") == store.last_seq()
    store.close()


def test_a_batch_too_large_is_sent_again_in_halves(tmp_path: Path, province: SmallProvince) -> None:
    province.max_events = 30
    store = _store(tmp_path, _site(province.url, batch_events=100))
    _hall_day(store, 100)
    shipper = _shipper(tmp_path)
    state = _ship_until_through(shipper)
    shipper.stop()
    sizes = [(len(post.seqs), post.status) for post in province.posts]
    assert sizes[:3] == [(100, 413), (50, 413), (25, 200)]
    assert all(n <= 25 for n, status in sizes[2:]) and {s for _n, s in sizes[2:]} == {200}
    assert province.held("hcc") == _as_stored(store)
    assert state.acked_seq == store.last_seq()
    store.close()


# --- a restore -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_before", "backup_day"),
    [("all", "today"), ("part of the backup", "today"), ("all", "yesterday")],
)
def test_after_a_restore_the_batch_past_the_jump_starts_with_day_restored(
    tmp_path: Path, province: SmallProvince, held_before: str, backup_day: str
) -> None:
    """Of yesterday, the restore ends that day too: day.restored still comes first past the
    jump, or the province would answer that batch with a gap for ever."""
    db = tmp_path / "luot.db"
    store = _store(tmp_path, _site(province.url, batch_events=10))
    start = MORNING - timedelta(days=1 if backup_day == "yesterday" else 0)
    moment = _hall_day(store, 20, start)
    backup = take_backup(db, tmp_path / "backups", moment)
    moment = _hall_day(store, 20, moment)  # lost with the database
    shipper = _shipper(tmp_path)
    if held_before == "all":
        _ship_until_through(shipper)
    else:
        shipper.step()  # the first 10 events only
    shipper.stop()
    held = province.acked("hcc")
    store.close()
    today = MORNING + timedelta(hours=2)
    done = restore_backup(db, backup.path, today)
    store = Store.open(db)
    _hall_day(store, 5, today + timedelta(minutes=1))
    again = _shipper(tmp_path)  # the core starts again on the restored database
    try:
        state = _ship_until_through(again)
    finally:
        again.stop()
    crossing = next(post for post in province.posts if post.seqs[0] == done.first_seq)
    assert crossing.status == 200
    events = province.held("hcc")
    restored = next(e for e in events if e["seq"] == done.first_seq)
    assert restored["type"] == "day.restored"
    assert restored["detail"]["backup_seq"] == backup.seq  # type: ignore[index]
    assert restored["detail"]["first_seq"] == done.first_seq  # type: ignore[index]
    assert [e for e in events if e["seq"] > held] == [  # nothing of the restored log lost
        e
        for e in _as_stored(store)
        if e["seq"] > held  # type: ignore[operator]
    ]
    assert state.acked_seq == store.last_seq() and state.error is None
    store.close()


# --- started by the core -------------------------------------------------------------------------


def test_the_core_starts_a_shipper_only_with_province_and_stops_it(
    tmp_path: Path, province: SmallProvince
) -> None:
    async def serve(db: Path) -> tuple[Shipper | None, bool]:
        runtime = ApiRuntime(db)
        runtime.start()
        try:
            shipper = runtime.shipper
            alive = shipper is not None and shipper._thread.is_alive()
            if shipper is not None:
                await asyncio.to_thread(_until, lambda: province.acked("hcc") == _last_seq(db))
        finally:
            runtime.stop()
        return shipper, alive

    plain = tmp_path / "plain"
    plain.mkdir()
    open_store(plain / "luot.db").close()
    assert asyncio.run(serve(plain / "luot.db")) == (None, False)
    store = _store(tmp_path, _site(province.url))
    _hall_day(store, 5)
    store.close()
    shipper, alive = asyncio.run(serve(tmp_path / "luot.db"))
    assert alive and shipper is not None and not shipper._thread.is_alive()
    assert province.acked("hcc") > 0
