"""The provincial console over HTTP, on a real server on 127.0.0.1 over a real PostgreSQL, with
two centres' days shipped as their cores keep them: who may log in and what a session is
(cookie, CSRF, idle end, a new password, logging out), what a viewer and an admin may do, the
audit of each change, each page's figures against the cores' own, the downloads parsed, and the
headers and markup the strict policy wants."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from harness.province import serving_in_thread
from province import staff
from province.db import connect
from queue_core.dossiers.repository import agency_figures
from queue_core.store import GroupBy, Store, stats
from tests.province.console_days import NOW, TODAY, weekdays_before
from tests.province.console_fixtures import (
    ADMIN,
    GIABINH,
    TINH,
    VIEWER,
    Console,
    csrf_of,
    log_in,
)
from tests.province.console_fixtures import admin as admin
from tests.province.console_fixtures import console as console
from tests.province.console_fixtures import viewer as viewer

PAGES = (
    "/province",
    "/province/alerts",
    "/province/reports",
    "/province/centres/hcc-tinh",
    "/province/audit",
)


def core(console: Console, code: str) -> Store:
    return Store.open(console.cores[code])


def cell(html: str, row_id: str, cls: str) -> str:
    """The text of the cell of class ``cls`` in the row ``row_id`` (tags and blanks dropped)."""
    row = re.search(rf'<tr[^>]*id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, f"no row {row_id}"
    found = re.search(rf'<td class="[^"]*\b{cls}\b[^"]*">(.*?)</td>', row.group(1), re.S)
    assert found, f"no {cls} in row {row_id}"
    return re.sub(r"<[^>]+>", " ", found.group(1)).split()[0]


# --- logging in ----------------------------------------------------------------------------


def test_a_page_without_a_session_goes_to_the_login_page(console: Console) -> None:
    with console.client() as client:
        for path in PAGES:
            answer = client.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"] == f"/province/login?next={path}"
        page = client.get("/province/login")
        assert page.status_code == 200
        assert "Đăng nhập" in page.text and "Mật khẩu" in page.text
        fetched = ("/province/fragment/overview", "/province/fragment/alerts")
        for path in (*fetched, "/province/reports.csv", "/province/reports.xlsx"):
            answer = client.get(path)
            assert answer.status_code == 401
            assert answer.json()["error"]["code"] == "login_required"
        answer = client.post("/province/admin/staff-add", data={"username": "x"})
        assert answer.status_code == 401


def test_logging_in_opens_a_session_in_an_httponly_strict_cookie(console: Console) -> None:
    with console.client() as client:
        answer = log_in(client, *ADMIN[::2])
        assert answer.status_code == 303 and answer.headers["location"] == "/province"
        cookie = next(c for c in answer.headers.get_list("set-cookie") if "luot_province=" in c)
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/province" in cookie
        token = client.cookies["luot_province"]
        page = client.get("/province")
        assert page.status_code == 200 and ADMIN[1] in page.text
    stored = console.rows("SELECT token_hash, username FROM staff_sessions")
    assert len(stored) == 1 and stored[0][1] == ADMIN[0]
    assert token not in str(stored)  # only its hash is kept


@pytest.mark.parametrize(
    ("username", "password"),
    [(ADMIN[0], "not-the-password"), ("nobody", "not-the-password"), (ADMIN[0], "")],
)
def test_a_wrong_password_or_an_unknown_user_is_the_same_refusal(
    console: Console, username: str, password: str
) -> None:
    with console.client() as client:
        answer = log_in(client, username, password)
        assert answer.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in answer.text
        assert "luot_province" not in client.cookies
    assert console.rows("SELECT count(*) FROM staff_sessions") == [(0,)]


def test_the_login_form_needs_its_own_csrf_cookie(console: Console) -> None:
    with console.client() as client:
        client.get("/province/login")
        answer = client.post(
            "/province/login",
            data={"username": ADMIN[0], "password": ADMIN[2], "csrf": "forged"},
        )
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "csrf_failed"


def test_guessing_locks_the_account_then_the_address(console: Console) -> None:
    with console.client() as client:
        for _ in range(5):
            assert log_in(client, ADMIN[0], "wrong-password").status_code == 401
        locked = log_in(client, ADMIN[0], ADMIN[2])  # the right one, too late
        assert locked.status_code == 423 and "tạm khoá" in locked.text
        assert int(locked.headers["retry-after"]) > 0
        for n in range(5):
            assert log_in(client, f"guess{n}", "wrong-password").status_code == 401
        waiting = log_in(client, VIEWER[0], VIEWER[2])
        assert waiting.status_code == 429 and "đợi vài phút" in waiting.text
        console.clock.move(minutes=16)  # the windows pass
        assert log_in(client, ADMIN[0], ADMIN[2]).status_code == 303


def test_every_worker_counts_the_same_wrong_passwords(console: Console) -> None:
    """Two servers over one database, as ``serve --workers 2`` runs: the guesses made at one
    lock the account at the other, and the guesses at one make the address wait at the other."""
    with (
        serving_in_thread(console.dsn, console=console.settings) as other_url,
        console.client() as first,
        httpx.Client(base_url=other_url, trust_env=False) as other,
    ):
        for client in (first, other, first, other, first):
            assert log_in(client, ADMIN[0], "wrong-password").status_code == 401
        for client in (other, first):
            locked = log_in(client, ADMIN[0], ADMIN[2])
            assert locked.status_code == 423 and "tạm khoá" in locked.text
        assert console.rows("SELECT count(*) FROM login_failures") == [(5,)]
        console.clock.move(minutes=6)  # the account's window passes, the address's not
        assert log_in(other, ADMIN[0], ADMIN[2]).status_code == 303
        for n in range(5):
            assert log_in(first, f"guess{n}", "wrong-password").status_code == 401
        assert log_in(other, VIEWER[0], VIEWER[2]).status_code == 429
        console.clock.move(minutes=16)
        assert log_in(other, f"guess{n}", "wrong-password").status_code == 401
        assert console.rows("SELECT count(*) FROM login_failures") == [(1,)]  # the old gone


def test_a_session_ends_after_30_idle_minutes(console: Console, admin: httpx.Client) -> None:
    console.clock.move(minutes=29)
    assert admin.get("/province").status_code == 200  # a page is use
    console.clock.move(minutes=29)
    assert admin.get("/province/fragment/overview").status_code == 200  # not use
    console.clock.move(minutes=2)
    assert admin.get("/province").status_code == 303


def test_a_session_ends_after_12_hours_whatever_its_use(
    console: Console, admin: httpx.Client
) -> None:
    for _ in range(24):
        console.clock.move(minutes=29)
        assert admin.get("/province/alerts").status_code == 200
    console.clock.move(minutes=29)
    assert admin.get("/province/alerts").status_code == 303


def test_logging_out_ends_the_session_on_the_server(console: Console, admin: httpx.Client) -> None:
    kept = admin.cookies["luot_province"]
    answer = admin.post("/province/logout", data={"csrf": csrf_of(admin)})
    assert answer.status_code == 303 and answer.headers["location"] == "/province/login"
    with console.client() as other:
        other.cookies.set("luot_province", kept, path="/province")
        assert other.get("/province").status_code == 303


def test_a_new_password_or_a_disabled_account_ends_its_sessions(
    console: Console, admin: httpx.Client, viewer: httpx.Client
) -> None:
    assert viewer.get("/province").status_code == 200
    answer = admin.post(
        "/province/admin/staff-password",
        data={"csrf": csrf_of(admin), "username": VIEWER[0], "password": "mot-mat-khau-moi"},
    )
    assert answer.status_code == 303
    assert viewer.get("/province").status_code == 303
    assert log_in(viewer, VIEWER[0], VIEWER[2]).status_code == 401
    assert log_in(viewer, VIEWER[0], "mot-mat-khau-moi").status_code == 303
    answer = admin.post(
        "/province/admin/staff-disable", data={"csrf": csrf_of(admin), "username": VIEWER[0]}
    )
    assert answer.status_code == 303
    assert viewer.get("/province").status_code == 303
    assert log_in(viewer, VIEWER[0], "mot-mat-khau-moi").status_code == 401


# --- roles, CSRF, audit ----------------------------------------------------------------------


def test_a_viewer_reads_every_page_but_changes_nothing(
    console: Console, viewer: httpx.Client
) -> None:
    for path in PAGES:
        page = viewer.get(path)
        assert page.status_code == 200, path
        assert 'id="nav-admin"' not in page.text
    assert viewer.get("/province/admin").status_code == 403
    csrf = csrf_of(viewer)
    before = console.rows("SELECT code FROM centres ORDER BY code")
    for action, data in (
        ("centre-add", {"centre": "hcc-moi", "name": "Trung tâm mới"}),
        ("centre-revoke", {"centre": "hcc-tinh", "confirm": "yes"}),
        ("staff-add", {"username": "x.y", "name": "X", "role": "admin", "password": "0123456789"}),
        ("staff-disable", {"username": ADMIN[0]}),
    ):
        answer = viewer.post(f"/province/admin/{action}", data={"csrf": csrf, **data})
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "not_allowed"
    assert console.rows("SELECT code FROM centres ORDER BY code") == before
    assert console.rows("SELECT count(*) FROM audit WHERE actor NOT LIKE 'cli%%'") == [(0,)]


def test_a_form_without_its_sessions_csrf_token_does_nothing(
    console: Console, admin: httpx.Client, viewer: httpx.Client
) -> None:
    for csrf in ("", "forged", csrf_of(viewer)):
        answer = admin.post(
            "/province/admin/centre-add",
            data={"csrf": csrf, "centre": "hcc-moi", "name": "Trung tâm mới"},
        )
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "csrf_failed"
    answer = admin.post(
        "/province/admin/centre-add", json={"csrf": csrf_of(admin), "centre": "hcc-moi"}
    )
    assert answer.status_code == 415
    assert console.rows("SELECT count(*) FROM centres WHERE code = 'hcc-moi'") == [(0,)]


def test_an_admin_adds_a_centre_whose_token_is_shown_once_and_works(
    console: Console, admin: httpx.Client
) -> None:
    answer = admin.post(
        "/province/admin/centre-add",
        data={"csrf": csrf_of(admin), "centre": "hcc-thuanthanh", "name": "Trung tâm Thuận Thành"},
    )
    assert answer.status_code == 200
    token = re.search(r'token = "(luot_p_[^"]+)"', answer.text)
    assert token, answer.text
    state = httpx.get(
        console.url + "/api/v1/ingest/state",
        headers={"Authorization": f"Bearer {token.group(1)}"},
    )
    assert state.json() == {"centre": "hcc-thuanthanh", "acked_seq": 0}
    assert token.group(1) not in admin.get("/province/admin").text
    audit = admin.get("/province/audit").text
    assert 'data-action="centre.add" data-target="hcc-thuanthanh"' in audit
    assert f'data-actor="{ADMIN[0]}"' in audit
    again = admin.post(
        "/province/admin/centre-add",
        data={"csrf": csrf_of(admin), "centre": "hcc-thuanthanh", "name": "Lần nữa"},
    )
    assert again.status_code == 409 and 'id="error-centre-add"' in again.text


def test_an_admin_revokes_a_centre_with_a_confirmation(
    console: Console, admin: httpx.Client
) -> None:
    unconfirmed = admin.post(
        "/province/admin/centre-revoke", data={"csrf": csrf_of(admin), "centre": "hcc-giabinh"}
    )
    assert unconfirmed.status_code == 422 and 'id="error-centre-revoke"' in unconfirmed.text
    answer = admin.post(
        "/province/admin/centre-revoke",
        data={"csrf": csrf_of(admin), "centre": "hcc-giabinh", "confirm": "yes"},
    )
    assert answer.status_code == 303
    overview = admin.get("/province").text
    assert 'id="centre-hcc-giabinh" class="state-revoked' in overview
    assert console.rows(
        "SELECT actor, before, after FROM audit WHERE action = 'centre.revoke'"
    ) == [(ADMIN[0], {"revoked": False}, {"revoked": True})]


def test_an_admin_adds_staff_and_bad_input_is_said_by_its_form(
    console: Console, admin: httpx.Client
) -> None:
    for data, status in (
        ({"username": "Bad Name", "name": "X", "role": "viewer", "password": "0123456789"}, 422),
        ({"username": "ok.name", "name": "X", "role": "boss", "password": "0123456789"}, 422),
        ({"username": "ok.name", "name": "X", "role": "viewer", "password": "short"}, 422),
        ({"username": ADMIN[0], "name": "X", "role": "viewer", "password": "0123456789"}, 409),
    ):
        answer = admin.post("/province/admin/staff-add", data={"csrf": csrf_of(admin), **data})
        assert answer.status_code == status, data
        assert 'id="error-staff-add"' in answer.text
        assert "0123456789" not in answer.text  # a password is never sent back
    answer = admin.post(
        "/province/admin/staff-add",
        data={
            "csrf": csrf_of(admin),
            "username": "lan.tran",
            "name": "Trần Thị Lan",
            "role": "viewer",
            "password": "mat-khau-cua-lan",
        },
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("#staff-add")
    stored = console.rows("SELECT password_hash FROM staff WHERE username = 'lan.tran'")[0][0]
    assert isinstance(stored, str) and stored.startswith("scrypt$")
    assert "mat-khau-cua-lan" not in stored
    with console.client() as lan:
        assert log_in(lan, "lan.tran", "mat-khau-cua-lan").status_code == 303
    assert console.rows("SELECT actor, action, after FROM audit WHERE target = 'lan.tran'") == [
        (ADMIN[0], "staff.add", {"name": "Trần Thị Lan", "role": "viewer"})
    ]
    own = admin.post(
        "/province/admin/staff-disable", data={"csrf": csrf_of(admin), "username": ADMIN[0]}
    )
    assert own.status_code == 422 and 'id="error-staff-disable"' in own.text


# --- what the pages say ------------------------------------------------------------------------


def test_the_overview_shows_every_centre_with_the_cores_own_figures(
    console: Console, viewer: httpx.Client
) -> None:
    html = viewer.get("/province").text
    for plan in (TINH, GIABINH):
        store = core(console, plan.code)
        try:
            waiting = sum(store.waiting_counts(TODAY).values())
            today = stats(store, TODAY, TODAY, GroupBy.SERVICE)["total"]
            oldest = min(store.oldest_waiting(TODAY).values(), default=None)
        finally:
            store.close()
        row = f"centre-{plan.code}"
        assert plan.name in html
        assert cell(html, row, "waiting") == str(waiting)
        assert cell(html, row, "issued") == str(today["issued"])
        assert cell(html, row, "served") == str(today["served"])
        assert cell(html, row, "gave-up") == str(today["gave_up"])
        longest = "—" if oldest is None else str(int((NOW - oldest).total_seconds() // 60))
        assert cell(html, row, "longest") == longest
    assert re.search(r'id="centre-hcc-tinh" class="state-ok over"', html)  # 48 min, target 30
    assert 'id="fig-centres">2<' in html


def test_the_alerts_a_centre_silent_a_wait_past_its_target_and_a_stale_backup(
    console: Console, viewer: httpx.Client
) -> None:
    console.run(
        "UPDATE centres SET last_seen_at = %s WHERE code = 'hcc-giabinh'",
        NOW - timedelta(minutes=40),
    )
    html = viewer.get("/province/alerts").text
    alerts = {
        (m.group(1), m.group(2)): m.group(0)
        for m in re.finditer(r'data-centre="([^"]+)" data-kind="([^"]+)".*?</tr>', html, re.S)
    }
    assert set(alerts) == {
        ("hcc-giabinh", "silent"),
        ("hcc-giabinh", "backup_stale"),
        ("hcc-tinh", "wait"),
    }
    assert (
        "Không nhận được dữ liệu từ 40 phút (giới hạn 15 phút)."
        in alerts[("hcc-giabinh", "silent")]
    )
    assert "Sao lưu quá cũ" in alerts[("hcc-giabinh", "backup_stale")]
    assert "Chưa sao lưu được 3 giờ qua" in alerts[("hcc-giabinh", "backup_stale")]
    wait = alerts[("hcc-tinh", "wait")]
    assert "Cấp giấy phép xây dựng: có người đã chờ 48 phút (mục tiêu 30 phút)." in wait
    assert "Mất liên lạc" in viewer.get("/province").text
    viewer.get("/province/lang?to=en&next=/province/alerts")
    english = viewer.get("/province/alerts").text
    assert "Nothing heard for 40 min (the limit is 15 min)." in english
    assert "No backup for 3 hours" in english


def test_a_quiet_centre_after_its_opening_hours_is_not_silent(console: Console) -> None:
    def overview() -> str:
        with console.client() as client:
            assert log_in(client, *VIEWER[::2]).status_code == 303
            return client.get("/province").text

    console.clock.move(hours=9)  # 19:30: the sample centre closed at 17:00
    console.run("UPDATE centres SET last_seen_at = %s", NOW + timedelta(hours=7))
    html = overview()
    assert 'data-state="after_hours"' in html and 'data-state="silent"' not in html
    assert 'data-kind="silent"' not in html
    console.clock.move(days=1, hours=-6)  # 13:30 the next day: open again, and still quiet
    html = overview()
    assert html.count('data-state="silent"') == 2
    assert "—<small>chưa mở hôm nay</small>" in html  # its waiting is yesterday's


def test_the_drill_down_shows_a_centres_services_counters_and_alerts(
    console: Console, viewer: httpx.Client
) -> None:
    store = core(console, "hcc-tinh")
    try:
        waiting = {s: n for s, n in store.waiting_counts(TODAY).items() if n}
        counters = {c.number: c.state.value for c in store.counter_statuses()}
    finally:
        store.close()
    html = viewer.get("/province/centres/hcc-tinh").text
    for service, count in waiting.items():
        assert cell(html, f"service-{service}", "waiting") == str(count)
    assert re.search(r'<tr id="service-sxd-gpxd" class="over">', html)
    for number, state in counters.items():  # each counter its log moved, as the core has it
        shown = re.search(rf'class="counter state-(\w+)" id="counter-{number}"', html)
        assert (shown.group(1) if shown else "closed") == state
    assert 'data-kind="wait"' in html
    assert "/province/reports?by=service&amp;period=day&amp;centre=hcc-tinh" in html
    missing = viewer.get("/province/centres/no-such")
    assert missing.status_code == 404 and "Không có trung tâm này." in missing.text


def _core_totals(console: Console, first: Any, last: Any) -> dict[str, dict[str, Any]]:
    out = {}
    for code, path in console.cores.items():
        store = Store.open(path)
        try:
            out[code] = stats(store, first, last, GroupBy.SERVICE)["total"]
        finally:
            store.close()
    return out


def test_the_report_by_centre_equals_the_cores_figures_and_downloads_alike(
    console: Console, viewer: httpx.Client
) -> None:
    first = weekdays_before(TODAY, 3)[0]
    query = f"from={first}&to={TODAY}&by=centre&period=day"
    html = viewer.get(f"/province/reports?{query}").text
    cores = _core_totals(console, first, TODAY)
    ids = dict(console.rows("SELECT code, id::text FROM centres"))
    for code, theirs in cores.items():
        row = f"group-{ids[code]}"
        assert cell(html, row, "issued") == str(theirs["issued"])
        assert cell(html, row, "served") == str(theirs["served"])
    assert cell(html, "total", "issued") == str(sum(c["issued"] for c in cores.values()))
    assert html.count("<rect ") > 10  # the charts, drawn as SVG
    assert f'href="/province/reports.csv?{query.replace("&", "&amp;")}"' in html

    answer = viewer.get(f"/province/reports.csv?{query}")
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())
    blocks = answer.content.decode("utf-8-sig").split("\r\n\r\n")
    groups = list(csv.reader(io.StringIO(blocks[0])))
    assert groups[0][:4] == ["Trung tâm", "Mã trung tâm", "Cấp số", "Đã phục vụ"]
    by_code = {line[1]: line for line in groups[1:]}
    for code, theirs in cores.items():
        assert int(by_code[code][2]) == theirs["issued"]
        assert int(by_code[code][3]) == theirs["served"]
    assert groups[-1][0] == "Tổng"
    periods = list(csv.reader(io.StringIO(blocks[1])))
    assert [line[0] for line in periods[1:]] == [
        (first + timedelta(days=n)).isoformat() for n in range((TODAY - first).days + 1)
    ]

    book = load_workbook(io.BytesIO(viewer.get(f"/province/reports.xlsx?{query}").content))
    assert book.sheetnames == ["Trung tâm", "Theo kỳ", "Hồ sơ"]
    sheet = book["Trung tâm"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Trung tâm", "Mã trung tâm", "Cấp số"]
    xlsx = {r[1]: r for r in rows[1:]}
    for code, theirs in cores.items():
        assert xlsx[code][2] == theirs["issued"] and xlsx[code][3] == theirs["served"]
    assert rows[-1][0] == "Tổng" and sheet.cell(len(rows), 1).font.bold
    within = rows[0].index("Đạt mục tiêu") + 1
    assert sheet.cell(2, within).number_format == "0.0%"
    assert 0 < sheet.cell(2, within).value <= 1
    gave_up = rows[0].index("Bỏ về")
    for code, theirs in cores.items():  # the core's share: those cancelled uncalled count late
        assert xlsx[code][gave_up] == theirs["gave_up"]
        assert xlsx[code][within - 1] == theirs["within_target_share"]


def test_the_report_by_agency_shows_the_dossiers_as_the_cores_own_report(
    console: Console, viewer: httpx.Client
) -> None:
    first = date(2026, 11, 1)
    store = core(console, TINH.code)
    try:
        site = store.site
        start = datetime.combine(first, time(site.day_reset_hour), tzinfo=site.timezone)
        end = datetime.combine(TODAY + timedelta(days=1), start.timetz())
        theirs = agency_figures(store.conn, start, end, NOW, site.timezone)
    finally:
        store.close()
    html = viewer.get(f"/province/reports?from={first}&to={TODAY}&by=agency&period=month").text
    assert sum(f.received for f in theirs.values()) == 10 and 'id="dossier-table"' in html
    for agency, f in theirs.items():
        row = f"dossiers-{agency}"
        shown = [
            cell(html, row, c) for c in ("received", "resolved", "early", "on-time", "past-due")
        ]
        assert shown == [str(n) for n in (f.received, f.resolved, f.early, f.on_time, f.late)]
    assert cell(html, "dossiers-total", "resolved") == str(sum(f.resolved for f in theirs.values()))
    by_centre = viewer.get(f"/province/reports?from={first}&to={TODAY}&by=centre").text
    ids = dict(console.rows("SELECT code, id::text FROM centres"))
    assert cell(by_centre, f"dossiers-{ids[TINH.code]}", "received") == "10"
    assert 'id="dossier-table"' not in viewer.get("/province/reports?by=service").text
    query = f"from={first}&to={TODAY}&by=agency&period=month"
    text = viewer.get(f"/province/reports.csv?{query}").content.decode("utf-8-sig")
    files = list(csv.reader(io.StringIO(text.split("\r\n\r\n")[2])))
    assert files[0][2:] == ["Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
                            "Tỷ lệ đúng hạn"]  # fmt: skip
    assert {line[1]: int(line[3]) for line in files[1:-1]} == {
        agency: f.resolved for agency, f in theirs.items() if f.received or f.resolved
    }
    book = load_workbook(io.BytesIO(viewer.get(f"/province/reports.xlsx?{query}").content))
    assert book["Hồ sơ"].cell(len(files), 3).value == sum(f.received for f in theirs.values())


def test_the_totals_are_the_same_by_centre_agency_or_service_and_by_day_week_or_month(
    viewer: httpx.Client,
) -> None:
    first = TODAY - timedelta(days=40)
    seen = set()
    for by in ("centre", "agency", "service"):
        for period in ("day", "week", "month"):
            html = viewer.get(f"/province/reports?from={first}&to={TODAY}&by={by}&period={period}")
            assert html.status_code == 200
            seen.add(
                tuple(cell(html.text, "total", k) for k in ("issued", "served", "gave-up", "p90"))
            )
    assert len(seen) == 1


def test_a_centres_report_by_service_keeps_to_that_centre(
    console: Console, viewer: httpx.Client
) -> None:
    html = viewer.get(f"/province/reports?from={TODAY}&to={TODAY}&by=service&centre=hcc-giabinh")
    assert html.status_code == 200
    store = core(console, "hcc-giabinh")
    try:
        theirs = stats(store, TODAY, TODAY, GroupBy.SERVICE)
        tickets = store.tickets(day=TODAY)
    finally:
        store.close()
    assert cell(html.text, "total", "issued") == str(theirs["total"]["issued"])
    for group in theirs["groups"]:
        service = group["service"]["id"]
        assert cell(html.text, f"group-{service}", "issued") == str(group["issued"])
        waits = sorted(
            (t.first_called_at - t.issued_at).total_seconds()
            for t in tickets
            if t.service_id == service and t.first_called_at is not None
        )
        if waits:  # the core's tickets' P90 (nearest rank), to the minute it falls in
            p90 = waits[math.ceil(0.9 * len(waits)) - 1]
            assert cell(html.text, f"group-{service}", "p90") == str(int(p90 // 60))


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("from=2026-11-25&to=2026-11-01", 422, "from"),
        ("from=2024-01-01&to=2026-11-25", 422, "from"),
        ("from=25/11/2026", 422, "from"),
        ("to=9999-12-31", 422, "to"),
        ("by=clerk", 422, "by"),
        ("period=year", 422, "period"),
        ("centre=no-such", 404, "centre"),
    ],
)
def test_a_bad_report_query_is_said_on_the_page_and_refused_as_a_download(
    viewer: httpx.Client, query: str, status: int, field: str
) -> None:
    page = viewer.get(f"/province/reports?{query}")
    assert page.status_code == status and 'id="report-error"' in page.text
    answer = viewer.get(f"/province/reports.csv?{query}")
    assert answer.status_code == status and answer.json()["error"]["field"] == field


# --- the CLI's staff ---------------------------------------------------------------------------


def test_staff_added_with_the_cli_read_the_password_from_stdin_and_are_audited(
    console: Console, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from province.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-cua-mai\n"))
    code = main(["--dsn", console.dsn, "staff", "add", "mai.le", "--name", "Lê Mai", "--role",
                 "admin"])  # fmt: skip
    assert code == 0 and "added as admin" in capsys.readouterr().out
    with console.client() as client:
        assert log_in(client, "mai.le", "mat-khau-cua-mai").status_code == 303
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--dsn", console.dsn, "staff", "password", "mai.le"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "10 to 128 characters" in err[0]
    assert main(["--dsn", console.dsn, "staff", "disable", "mai.le"]) == 0
    assert main(["--dsn", console.dsn, "staff", "list"]) == 0
    assert "mai.le" in capsys.readouterr().out
    rows = console.rows("SELECT actor, action FROM audit WHERE target = 'mai.le' ORDER BY id")
    assert [action for _actor, action in rows] == ["staff.add", "staff.disable"]
    assert all(str(actor).startswith("cli:") for actor, _ in rows)
    with connect(console.dsn) as conn:
        assert [a.active for a in staff.listing(conn) if a.username == "mai.le"] == [False]


# --- headers and markup -------------------------------------------------------------------------


def test_every_page_has_the_strict_policy_and_no_inline_script_or_style(
    admin: httpx.Client,
) -> None:
    for path in (*PAGES, "/province/admin", "/province/login", "/province/reports?by=agency"):
        answer = admin.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        html = answer.text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
        assert "<style" not in html and " style=" not in html, path
        assert re.findall(r"\son[a-z]+=", html) == [], path
    assert "content-security-policy" in httpx.get(admin.base_url.join("/api/v1/health")).headers
