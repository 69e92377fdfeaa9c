"""The ingest through HTTP on a real PostgreSQL: each event stored once by (centre, seq), a gap
asked for again, the restore's jump taken, strangers and bad batches refused with nothing stored,
the citizens' tokens never kept, months given partitions as their events arrive."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest

from harness.province import post_batch
from province.batch import MAX_BYTES, MAX_EVENTS
from province.centres import revoke
from province.db import connect, latest
from tests.province.conftest import MORNING, Province, event, gz, issues, ticket


def called(seq: int, ticket_id: int, minutes: float, counter: int = 1) -> dict:
    issued = MORNING + timedelta(minutes=ticket_id - 1)
    at = MORNING + timedelta(minutes=minutes)
    row = ticket(ticket_id, status="called", issued=issued, called=at, counter=counter)
    return event(seq, "ticket.called", at, row, counter)


def test_a_centre_holds_nothing_at_first_and_its_state_says_what_is_held(
    province: Province,
) -> None:
    token = province.add()
    assert province.state(token).json() == {"centre": "hcc-tinh", "acked_seq": 0}
    answer = province.post(token, issues(1, 3))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"acked_seq": 3}
    assert province.state(token).json() == {"centre": "hcc-tinh", "acked_seq": 3}
    assert province.one("SELECT last_seen_at IS NOT NULL FROM centres") is True


def test_a_batch_sent_again_changes_nothing(province: Province) -> None:
    token = province.add()
    batch = [*issues(1, 4), called(5, 1, 6), called(6, 2, 7, counter=2)]
    assert province.post(token, batch).json() == {"acked_seq": 6}
    before = province.snapshot()
    assert len(before["events"]) == 6
    assert province.post(token, batch).json() == {"acked_seq": 6}
    assert province.snapshot() == before


def test_an_overlapping_batch_stores_only_what_is_new_and_keeps_what_was_held(
    province: Province,
) -> None:
    token = province.add()
    assert province.post(token, issues(1, 4)).json() == {"acked_seq": 4}
    resent = issues(3, 2, first_id=3)
    resent[0]["ticket"]["number"] = "9999"  # a body that differs: the one held stays
    answer = province.post(token, [*resent, called(5, 3, 6), called(6, 4, 7)])
    assert answer.json() == {"acked_seq": 6}
    assert province.rows("SELECT seq, count(*) FROM events GROUP BY seq ORDER BY seq") == [
        (seq, 1) for seq in range(1, 7)
    ]
    assert province.one("SELECT body -> 'ticket' ->> 'number' FROM events WHERE seq = 3") == "1003"
    assert province.one("SELECT number FROM tickets WHERE ticket_id = 3") == "1003"
    assert province.rows("SELECT ticket_id, status FROM tickets ORDER BY 1") == [
        (1, "waiting"),
        (2, "waiting"),
        (3, "called"),
        (4, "called"),
    ]


def test_a_gap_is_refused_with_what_the_province_holds_and_nothing_is_stored(
    province: Province,
) -> None:
    token = province.add()
    province.post(token, issues(1, 3))
    before = province.snapshot()
    answer = province.post(token, issues(6, 3, first_id=6))
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "gap"
    assert error["acked_seq"] == 3
    assert "from seq 4" in error["message"]
    assert province.snapshot() == before
    assert province.post(token, issues(4, 5, first_id=4)).json() == {"acked_seq": 8}


def test_a_jump_inside_a_batch_that_is_not_a_restore_is_refused(province: Province) -> None:
    token = province.add()
    answer = province.post(token, [*issues(1, 2), *issues(5, 1, first_id=5)])
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_batch"
    assert province.one("SELECT count(*) FROM events") == 0


def test_the_jump_into_a_restore_is_taken_and_what_the_backup_lost_is_set_aside(
    province: Province,
) -> None:
    """The core held up to seq 8 when its backup was taken at seq 5; restored, its log goes on
    at seq 40 with day.restored. Tickets 1..3 stand as the backup left them; the province sets
    aside what came after: ticket 4 issued, ticket 1 called, counter 1 opened."""
    token = province.add()
    log = [
        *issues(1, 3),
        event(4, "counter.opened", MORNING + timedelta(minutes=4), counter=2, staff="lan"),
        called(5, 2, 5, counter=2),
        event(6, "counter.opened", MORNING + timedelta(minutes=6), counter=1, staff="minh"),
        called(7, 1, 7),
        event(8, "ticket.issued", MORNING + timedelta(minutes=8), ticket(4)),
    ]
    assert province.post(token, log).json() == {"acked_seq": 8}
    later = MORNING + timedelta(minutes=30)
    restored = event(
        40, "day.restored", later, business_day="2026-11-25", backup="b.db", backup_seq=5
    )
    answer = province.post(token, [restored, called(41, 3, 31, counter=2)])
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"acked_seq": 41}
    assert province.rows("SELECT seq FROM events WHERE set_aside_by = 40 ORDER BY seq") == [
        (6,),
        (7,),
        (8,),
    ]
    assert province.rows("SELECT ticket_id, status, last_seq FROM tickets ORDER BY 1") == [
        (1, "waiting", 1),
        (2, "called", 5),
        (3, "called", 41),
    ]
    assert province.rows("SELECT counter, state FROM live_counters ORDER BY 1") == [(2, "open")]
    assert province.rows(
        "SELECT seq, backup_seq, first_seq, held_seq, set_aside FROM restores"
    ) == [(40, 5, 40, 8, 3)]
    assert province.rows("SELECT service_id, issued, called FROM day_figures") == [
        ("stp-lltp", 3, 2)
    ]
    assert province.rows("SELECT waiting FROM live_services") == [(1,)]


def test_a_restore_on_a_new_day_may_close_the_old_day_first_in_its_jump(
    province: Province,
) -> None:
    token = province.add()
    province.post(token, issues(1, 2))
    next_day = MORNING + timedelta(days=1)
    closing = ticket(1, status="cancelled", finished=next_day)
    jump = [
        event(30, "ticket.cancelled", next_day, closing, reason="day end"),
        event(31, "day.reset", next_day, business_day="2026-11-25", reason="day end", closed=1),
        event(32, "day.restored", next_day, business_day="2026-11-26", backup_seq=2),
    ]
    answer = province.post(token, jump)
    assert answer.json() == {"acked_seq": 32}, answer.text
    assert province.rows("SELECT seq FROM restores") == [(32,)]


def test_a_restore_past_what_is_held_is_a_gap(province: Province) -> None:
    token = province.add()
    province.post(token, issues(1, 3))
    restored = event(40, "day.restored", MORNING, backup_seq=5)
    answer = province.post(token, [restored])
    assert answer.status_code == 409
    assert answer.json()["error"]["acked_seq"] == 3


@pytest.mark.parametrize("how", ["none", "unknown", "not bearer"])
def test_a_request_without_a_centres_token_is_refused(province: Province, how: str) -> None:
    province.add()
    token = {"none": None, "unknown": "luot_p_nobody", "not bearer": None}[how]
    headers = {"Authorization": "Basic abc"} if how == "not bearer" else {}
    answer = province.post_raw(token, gz({"centre": "hcc-tinh", "events": []}), **headers)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unknown_centre"
    assert answer.headers["www-authenticate"] == "Bearer"
    assert province.state(token).status_code == 401


def test_a_revoked_centre_is_refused_and_what_it_sent_is_kept(province: Province) -> None:
    token = province.add()
    province.post(token, issues(1, 2))
    with connect(province.dsn) as conn:
        revoke(conn, "hcc-tinh")
    for answer in (province.post(token, issues(3, 1, first_id=3)), province.state(token)):
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "centre_revoked"
    assert province.one("SELECT count(*) FROM events") == 2


def _too_many() -> bytes:
    return gz({"centre": "hcc-tinh", "events": issues(1, MAX_EVENTS + 1)})


def _too_big() -> bytes:
    padding = "x" * (MAX_BYTES // 2)
    batch = issues(1, 2)
    for item in batch:
        item["detail"] = {"padding": padding}
    return gz({"centre": "hcc-tinh", "events": batch})


def _with(change: str) -> bytes:
    batch = issues(1, 3)
    if change == "order":
        batch[1], batch[2] = batch[2], batch[1]
    elif change == "twice":
        batch[2]["seq"] = 2
    elif change == "status":
        batch[1]["ticket"]["status"] = "lost"
    elif change == "offset":
        batch[1]["at"] = "2026-11-25T08:00:00"
    elif change == "year":
        batch[1]["at"] = "1970-01-01T00:00:00+00:00"
    elif change == "seq":
        batch[1]["seq"] = "2"
    elif change == "day":
        batch[1]["ticket"]["business_day"] = "25/11/2026"
    elif change == "restore":
        batch[2] = event(3, "day.restored", MORNING)
    return gz({"centre": "hcc-tinh", "events": batch})


BAD = {
    "not gzip": (orjson.dumps({"centre": "hcc-tinh", "events": []}), {}, 400, "invalid_batch"),
    "gzip cut short": (gz(issues(1, 3))[:-12], {}, 400, "invalid_batch"),
    "not JSON": (gz(b"{not json"), {}, 400, "invalid_batch"),
    "not the shape": (gz([1, 2, 3]), {}, 400, "invalid_batch"),
    "another centre": (gz({"centre": "hcc-huyen", "events": []}), {}, 400, "invalid_batch"),
    "out of order": (_with("order"), {}, 400, "invalid_batch"),
    "a seq twice": (_with("twice"), {}, 400, "invalid_batch"),
    "a seq as text": (_with("seq"), {}, 400, "invalid_batch"),
    "an unknown status": (_with("status"), {}, 400, "invalid_batch"),
    "a time without offset": (_with("offset"), {}, 400, "invalid_batch"),
    "a time in 1970": (_with("year"), {}, 400, "invalid_batch"),
    "a day not ISO": (_with("day"), {}, 400, "invalid_batch"),
    "a restore without backup_seq": (_with("restore"), {}, 400, "invalid_batch"),
    "no Content-Encoding": (gz({}), {"Content-Encoding": ""}, 400, "invalid_batch"),
    "not JSON's type": (gz({}), {"Content-Type": "text/plain"}, 400, "invalid_batch"),
    "too many events": (_too_many(), {}, 413, "batch_too_large"),
    "too large unzipped": (_too_big(), {}, 413, "batch_too_large"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_batch_is_refused_in_one_line_and_nothing_is_stored(
    province: Province, case: str
) -> None:
    token = province.add()
    province.post(token, issues(1, 0))
    body, headers, status, code = BAD[case]
    answer = province.post_raw(token, body, **headers)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code
    assert "\n" not in error["message"] and error["message"]
    assert province.one("SELECT count(*) FROM events") == 0
    assert province.one("SELECT count(*) FROM tickets") == 0
    assert province.state(token).json()["acked_seq"] == 0


def test_a_body_too_large_on_the_wire_is_refused_before_it_is_read(province: Province) -> None:
    token = province.add()
    answer = province.post_raw(token, b"\0" * (MAX_BYTES + 128 * 1024))
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "batch_too_large"


def test_a_citizens_token_is_never_kept(province: Province) -> None:
    token = province.add()
    batch = issues(1, 2)
    batch[0]["ticket"]["public_token"] = "SECRET-of-the-citizen"
    assert province.post(token, batch).json() == {"acked_seq": 2}
    assert province.one("SELECT count(*) FROM events WHERE body::text LIKE '%public_token%'") == 0
    assert province.one("SELECT count(*) FROM events WHERE body::text LIKE '%SECRET%'") == 0


def test_each_month_gets_its_partition_when_its_first_event_arrives(province: Province) -> None:
    token = province.add()
    november = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)  # 23:59 in Hà Nội: still November
    december = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    first = [
        event(1, "ticket.issued", november, ticket(1, issued=november)),
        event(2, "ticket.issued", december, ticket(2, issued=december, day=december.date())),
    ]
    assert province.post(token, first).json() == {"acked_seq": 2}
    january = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    second = [event(3, "ticket.issued", january, ticket(3, issued=january, day=january.date()))]
    assert province.post(token, second).json() == {"acked_seq": 3}
    assert province.rows("SELECT seq, tableoid::regclass::text FROM events ORDER BY seq") == [
        (1, "events_y2026m11"),
        (2, "events_y2026m12"),
        (3, "events_y2027m01"),
    ]
    assert province.rows(
        "SELECT ticket_id, tableoid::regclass::text FROM tickets ORDER BY ticket_id"
    ) == [(1, "tickets_y2026m11"), (2, "tickets_y2026m12"), (3, "tickets_y2027m01")]


def test_two_centres_keep_their_own_logs(province: Province) -> None:
    tinh, huyen = province.add("hcc-tinh"), province.add("hcc-huyen")
    assert province.post(tinh, issues(1, 3)).json() == {"acked_seq": 3}
    assert province.post(huyen, issues(1, 5), centre="hcc-huyen").json() == {"acked_seq": 5}
    assert province.post(tinh, issues(1, 3)).json() == {"acked_seq": 3}
    assert province.rows(
        "SELECT c.code, count(*) FROM events e JOIN centres c ON c.id = e.centre_id "
        "GROUP BY c.code ORDER BY 1"
    ) == [("hcc-huyen", 5), ("hcc-tinh", 3)]
    answer = province.post(tinh, issues(4, 1, first_id=4), centre="hcc-huyen")
    assert answer.status_code == 400


def test_unknown_addresses_and_methods_answer_in_the_error_shape(province: Province) -> None:
    missing = province.client.get(province.url + "/api/v1/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = province.client.put(province.url + "/api/v1/ingest")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    health = province.client.get(province.url + "/api/v1/health").json()
    assert health["status"] == "ok" and health["schema"] == latest()


def test_the_same_batch_sent_twice_at_once_is_stored_once(province: Province) -> None:
    token = province.add()
    batch = [*issues(1, 40), *(called(41 + i, i + 1, 50 + i) for i in range(20))]
    answers: list[int] = []

    def send() -> None:
        with httpx.Client(timeout=30, trust_env=False) as client:
            answers.append(post_batch(client, province.url, token, "hcc-tinh", batch).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [200] * 4
    assert province.one("SELECT count(*) FROM events") == 60
    assert province.one("SELECT count(*) FROM tickets") == 40
    assert province.rows("SELECT issued, called FROM day_figures") == [(40, 20)]
