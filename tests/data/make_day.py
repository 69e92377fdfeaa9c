"""A realistic day written by this release, for the upgrade tests.

``python -m tests.data.make_day`` writes ``tests/data/luot-schema-N.db`` (N: this release's
schema) from a fixed seed through the store's own commands: a Wednesday at a small centre
(four services, four counters) with tickets issued, called, recalled, started, finished, sent
to another service or counter, called out of turn, marked no-show, rated and cancelled;
counters opened, paused and closed; a service closed for half an hour, a counter given other
services, notices set and scheduled, an alert raised and cleared; staff with PINs, sessions,
paired devices and heartbeats; a supervisor's audited changes; dossiers imported; then
Thursday morning's first tickets, which end Wednesday (its live tickets closed by the day's
end) and leave some waiting, one called, one being served. Commit the file: every later
migration is tested from it (tests/queue_core/test_upgrades.py). The numbers are the seed's;
tokens and PIN hashes are random, as in any real database.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from queue_core.domain import (
    Actor,
    Alert,
    ApplyNoticeSchedule,
    Audited,
    Book,
    CallNext,
    CallTicket,
    CancelBooking,
    CancelTicket,
    ChangeCounterServices,
    CheckIn,
    Command,
    CounterState,
    DomainError,
    FinishService,
    IssueTicket,
    MarkNoShow,
    Position,
    RateTicket,
    Recall,
    Role,
    ScheduleNotice,
    SetCounterState,
    SetNotices,
    SetServiceClosed,
    StartService,
    SyncAlerts,
    TicketStatus,
    Transfer,
)
from queue_core.domain.sms import SmsKind
from queue_core.dossiers.service import import_file, record_pull
from queue_core.store import (
    DeviceRole,
    SessionKind,
    Store,
    add_staff,
    ask_for_texts,
    assign_counter,
    create_pairing_code,
    create_staff,
    disable_staff,
    end_session,
    get_account,
    open_session,
    open_subscriptions,
    pair_device,
    queue_text,
    record_heartbeat,
    rename_device,
    reset_pin,
    revoke_device_audited,
    text_sent,
    texts_due_now,
)
from queue_core.store.schema import MIGRATIONS
from tests.support.dossiers import COLUMNS

HERE = Path(__file__).resolve().parent
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SEED = 2026
SITE = """
[site]
id = "fixture-centre"
name = "Trung tâm Phục vụ hành chính công (dữ liệu mẫu)"
name_en = "Public Administration Service Centre (fixture)"
timezone = "Asia/Ho_Chi_Minh"
footer = "Xin cảm ơn quý khách"
notices = ["Trung tâm làm việc từ 7:30 đến 17:00"]

[rules]
priority_ratio = 2
recalls_before_no_show = 1
rating_reasons = ["Chờ lâu", "Thái độ", "Thủ tục"]

[hours]
days = ["mon", "tue", "wed", "thu", "fri"]
periods = ["07:30-11:30", "13:30-17:00"]

[[agencies]]
id = "stp"
name = "Sở Tư pháp"
name_en = "Department of Justice"

[[agencies]]
id = "stnmt"
name = "Sở Tài nguyên và Môi trường"

[[services]]
id = "lltp"
agency = "stp"
name = "Cấp phiếu lý lịch tư pháp"
numbers = "1001-1999"
average_service_minutes = 6

[[services]]
id = "chungthuc"
agency = "stp"
name = "Chứng thực bản sao"
numbers = "2001-2999"
daily_cap = 60
average_service_minutes = 4

[[services]]
id = "datdai"
agency = "stnmt"
name = "Đăng ký đất đai"
numbers = "A001-A999"
target_wait_minutes = 45
average_service_minutes = 12

[[services]]
id = "ketqua"
agency = "stp"
name = "Trả kết quả"
numbers = "9001-9999"

[services.procedure]
documents = ["Giấy hẹn trả kết quả", "Căn cước công dân"]
fee = "Không"

[[counters]]
number = 1
services = ["lltp", "chungthuc"]

[[counters]]
number = 2
services = ["chungthuc", "ketqua"]

[[counters]]
number = 3
services = ["datdai"]

[[counters]]
number = 4
services = ["datdai", "lltp"]
zone = "tầng 2"

[[staff]]
username = "lan"
display_name = "Nguyễn Thị Lan"
title = "Chuyên viên"

[[staff]]
username = "minh"
display_name = "Trần Văn Minh"

[[staff]]
username = "hoa"
display_name = "Lê Thị Hoa"

[[staff]]
username = "tuan"
display_name = "Phạm Anh Tuấn"

[[staff]]
username = "boss"
display_name = "Đỗ Thu Hà"
role = "supervisor"

[console]
paused_minutes = 20

[appointments]
grace_minutes = 10

[appointments.services.lltp]
windows = ["08:00-11:00", "14:00-16:00"]
slot_minutes = 15
walk_in_reserve = 0.5
"""
CLERKS = {1: "lan", 2: "minh", 3: "hoa", 4: "tuan"}
SERVICES = ("lltp", "chungthuc", "datdai", "ketqua")
WEIGHTS = (4, 5, 3, 1)
ARRIVALS_PER_MINUTE = 0.08
"""About 45 citizens over the day: enough of every move, a small file."""


def fixture_path(version: int | None = None) -> Path:
    return HERE / f"luot-schema-{len(MIGRATIONS) if version is None else version}.db"


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the fixture's week: day 0 is Wednesday 25/11/2026."""
    return datetime(2026, 11, 25 + day, hour, minute, tzinfo=ZONE).astimezone(UTC)


class Day:
    """The store, the seed and the hall's state as the day goes on."""

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.store, self.rng = store, rng
        self.state: dict[int, str] = {n: "idle" for n in CLERKS}
        self.since: dict[int, datetime] = {}
        self.current: dict[int, int] = {}
        self.served: list[int] = []

    def run(self, command: Command, now: datetime) -> object:
        try:
            return self.store.execute(command, now).result
        except DomainError:
            return None  # a refusal the day met (a cap, a closed service): nothing changed

    def issue(self, now: datetime) -> None:
        service = self.rng.choices(SERVICES, WEIGHTS)[0]
        kind = self.rng.choice([None] * 8 + ["elderly", "disabled", "pregnant", "merit"])
        self.run(
            IssueTicket(
                service, kind is not None, kind, lang="en" if self.rng.random() < 0.05 else "vi"
            ),
            now,
        )

    def out_of_turn(self, ticket_id: int, now: datetime) -> None:
        """An idle counter that may call it calls this ticket out of turn."""
        for n in CLERKS:
            if self.state[n] == "idle" and self.run(CallTicket(n, ticket_id, "Hẹn trước"), now):
                self.state[n], self.since[n], self.current[n] = "called", now, ticket_id
                return

    def counter(self, n: int, now: datetime) -> None:
        state, roll = self.state[n], self.rng.random()
        if state == "idle":
            view = self.run(CallNext(n, CLERKS[n]), now)
            if view is not None:
                self.state[n], self.since[n] = "called", now
                self.current[n] = view.id  # type: ignore[attr-defined]
        elif state == "called":
            if roll < 0.1:
                self.run(Recall(n), now)
            elif roll < 0.16:
                self.run(Recall(n), now)
                self.run(MarkNoShow(n), now)
                self.state[n] = "idle"
            else:
                self.run(StartService(n), now)
                self.state[n], self.since[n] = "serving", now
        elif state == "serving" and now - self.since[n] >= timedelta(
            minutes=self.rng.randint(3, 15)
        ):
            if roll < 0.06:
                self.run(Transfer(n, to_service="ketqua", position=Position.BACK), now)
            elif roll < 0.1:
                self.run(Transfer(n, to_counter=1 + n % 4), now)
            else:
                self.run(FinishService(n), now)
                self.served.append(self.current[n])
                if self.rng.random() < 0.7:
                    score = self.rng.choice([1, 1, 1, 2, 2, 3, 4])
                    reason = self.rng.choice(["Chờ lâu", "Thủ tục"]) if score >= 3 else None
                    self.run(RateTicket(self.current[n], score, reason, counter=n), now)
            self.state[n] = "idle"


def write(path: Path) -> Path:
    """Write the fixture at ``path`` (replaced if there), VACUUMed into one small file."""
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "luot.db"
        store = Store.open(work)
        try:
            _people(store)
            codes = _bookings(store)
            _wednesday(Day(store, rng), codes)
            _thursday_morning(Day(store, rng), codes)
            _texts(store)
            _dossiers(store, Path(folder))
        finally:
            store.close()
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(work, isolation_level=None)
        try:
            conn.execute("VACUUM INTO ?", (str(path),))
        finally:
            conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")  # as every Lượt database is
    conn.close()
    return path


def _people(store: Store) -> None:
    start = local(0, 7, 0)
    store.import_site(SITE, start - timedelta(days=2))
    with store.transaction() as conn:
        for n, username in CLERKS.items():
            add_staff(conn, username, username.title(), Role.CLERK, f"{n}{n}{n}{n}")
        add_staff(conn, "boss", "Đỗ Thu Hà", Role.SUPERVISOR, "246810")
        boss = Actor.staff("boss", Role.SUPERVISOR)
        create_staff(conn, boss, start, "thu", "Vũ Thị Thu", Role.CLERK, "5555")
        reset_pin(conn, boss, start, "thu", "5656")
        disable_staff(conn, boss, start + timedelta(minutes=5), "thu")
        assign_counter(conn, boss, start, store.site, "tuan", 3)  # cover for the day
        devices = {}
        for role, name in (
            (DeviceRole.KIOSK, "Kiosk sảnh"),
            (DeviceRole.COUNTER, "Quầy 1"),
            (DeviceRole.COUNTER_DISPLAY, "Màn hình quầy 1"),
            (DeviceRole.BOARD, "Bảng sảnh"),
            (DeviceRole.KIOSK, "Kiosk cũ"),
        ):
            counter = 1 if role is DeviceRole.COUNTER_DISPLAY else None
            code, _ = create_pairing_code(conn, role, name, start, counter)
            devices[name] = pair_device(conn, code, name, start)[1]
        create_pairing_code(conn, DeviceRole.COUNTER_DISPLAY, "never used", start, 2)
        record_heartbeat(conn, devices["Kiosk sảnh"].id, start, "1.0", 600, "ok")
        record_heartbeat(conn, devices["Bảng sảnh"].id, start, "1.0", 600, None)
        record_heartbeat(conn, devices["Kiosk cũ"].id, start, "0.9", 60, "paper_out")
        rename_device(conn, "boss", start, devices["Quầy 1"].id, "Quầy 1 – Tư pháp")
        revoke_device_audited(conn, "boss", start, devices["Kiosk cũ"].id)
        site = store.site
        for n, username in CLERKS.items():
            address = f"192.168.1.{20 + n}"
            token = open_session(conn, site, get_account(conn, username), n, start, address=address)
            if n == 4:
                end_session(conn, token, local(0, 16, 30))
        boss_account = get_account(conn, "boss")
        console = SessionKind.CONSOLE
        open_session(conn, site, boss_account, None, start, kind=console, address="192.168.1.5")


def _bookings(store: Store) -> list[str]:
    """Made the day before: Wednesday's 09:00 to 10:00 and 14:00, one cancelled, Thursday's
    08:00 (checked in early on Thursday morning)."""
    slots = [local(0, 9) + timedelta(minutes=15 * i) for i in range(5)] + [
        local(0, 14),
        local(1, 8),
    ]
    codes = []
    for i, slot in enumerate(slots):
        phone = "0912000111" if i % 2 else None
        source = "import" if i == 3 else "web"
        booked = store.execute(
            Book("lltp", slot, f"Người Đặt Lịch {i}", phone, source, "DVC-3" if i == 3 else None),
            local(-1, 15, i),
        )
        codes.append(booked.result.code)  # type: ignore[union-attr]
    store.execute(CancelBooking(codes[4], "Đổi lịch"), local(-1, 16))
    return codes


def _wednesday(day: Day, codes: list[str]) -> None:
    """``codes``: the bookings; 09:00, 09:15 and 14:00 check in, 09:30 comes too late, 09:45
    never comes (missed at the day's end), 10:00 was cancelled."""
    check_ins = {"08:50": codes[0], "09:20": codes[1], "09:50": codes[2], "13:58": codes[5]}
    run = day.run
    for n, username in CLERKS.items():
        run(SetCounterState(n, CounterState.OPEN, username), local(0, 7, 25))
    run(
        SetNotices(("Trung tâm làm việc từ 7:30 đến 17:00", "Vui lòng giữ trật tự")),
        local(0, 7, 26),
    )
    run(
        Audited(
            "boss",
            ScheduleNotice("Chiều nay nghỉ sớm lúc 16:30", local(0, 13, 0), local(0, 16, 30)),
        ),
        local(0, 7, 27),
    )
    alert = Alert(
        "paused:2", "counter_paused", "2", "Quầy 2 tạm dừng đã 21 phút", "Counter 2 paused"
    )
    moment = local(0, 7, 30)
    while moment < local(0, 17, 0):
        minute = moment.astimezone(ZONE).strftime("%H:%M")
        lunch = "11:30" <= minute < "13:30"
        if not lunch and day.rng.random() < ARRIVALS_PER_MINUTE:
            day.issue(moment)
        for n in CLERKS:
            if not lunch and day.rng.random() < 0.5:
                day.counter(n, moment)
        if minute in ("09:00", "16:55"):  # a group arrives; at 16:55, too late to be served
            for _ in range(4):
                day.issue(moment)
        if minute == "09:01":
            waiting = day.store.tickets(status=TicketStatus.WAITING)
            run(Audited("boss", CancelTicket(waiting[0].id, "Công dân xin huỷ")), moment)
            day.out_of_turn(waiting[-1].id, moment)
        if minute in check_ins:
            run(CheckIn(check_ins[minute]), moment)
        if minute == "10:00":
            run(Audited("boss", SetServiceClosed("datdai", "Mất mạng tới 10:30")), moment)
        if minute == "10:30":
            run(Audited("boss", SetServiceClosed("datdai", None)), moment)
        if minute == "11:30":
            for n in (1, 2):
                if day.state[n] == "idle":
                    run(SetCounterState(n, CounterState.PAUSED, CLERKS[n]), moment)
        if minute == "11:52":
            run(SyncAlerts((alert,)), moment)
        if minute == "13:05":
            run(ApplyNoticeSchedule(), moment)
        if minute == "13:30":
            for n in (1, 2):
                run(SetCounterState(n, CounterState.OPEN, CLERKS[n]), moment)
            run(SyncAlerts(()), moment)
            run(Audited("boss", ChangeCounterServices(4, ("datdai", "lltp", "chungthuc"))), moment)
        if minute == "16:31":
            run(ApplyNoticeSchedule(), moment)
        moment += timedelta(minutes=1)
    for n in (3,):
        if day.state[n] == "idle":
            run(SetCounterState(n, CounterState.CLOSED, CLERKS[n]), local(0, 17, 0))


def _thursday_morning(day: Day, codes: list[str]) -> None:
    """The first tickets of Thursday end Wednesday; a few are left live, a booked holder
    among them (checked in before their slot)."""
    moment = local(1, 7, 30)
    for n in (1, 3):
        day.run(SetCounterState(n, CounterState.OPEN, CLERKS[n]), moment)
    for _ in range(10):
        moment += timedelta(minutes=2)
        day.issue(moment)
    day.run(CheckIn(codes[6]), moment)
    day.run(CallNext(1, "lan"), moment)
    day.run(StartService(1), moment)
    day.run(CallNext(3, "hoa"), moment + timedelta(minutes=1))


def _texts(store: Store) -> None:
    """Two of Thursday's waiting citizens asked for texts; one was texted near their turn."""
    moment = local(1, 7, 55)
    waiting = store.conn.execute(
        "SELECT id, business_day FROM tickets WHERE status = 'waiting' ORDER BY id LIMIT 2"
    ).fetchall()
    with store.transaction() as conn:
        for (ticket_id, day), phone in zip(waiting, ("0912345678", "0387654321"), strict=True):
            ask_for_texts(conn, ticket_id, date.fromisoformat(day), phone, "vi", "kiosk:1", moment)
        first = open_subscriptions(conn, date.fromisoformat(waiting[0][1]))[0]
        queue_text(conn, first, SmsKind.NEAR, "Lượt: vé … còn 2 người phía trước.",
                   date.fromisoformat(waiting[0][1]), moment)  # fmt: skip
        (queued,) = texts_due_now(conn, moment, 1)
        text_sent(conn, queued.id, moment + timedelta(seconds=3))


def _dossiers(store: Store, folder: Path) -> None:
    export = folder / "export.csv"
    rows = [
        [f"000.00.12.H55-261120-{n:04d}", "Cấp phiếu lý lịch tư pháp", "Sở Tư pháp", holder,
         "20/11/2026 08:15", due, status, done, returned]
        for n, (holder, due, status, done, returned) in enumerate(
            [
                ("Nguyễn Văn An", "27/11/2026 17:00", "Đã có kết quả", "24/11/2026 10:00", ""),
                ("Trần Thị Bình", "24/11/2026 17:00", "Đã trả kết quả", "25/11/2026 09:00",
                 "25/11/2026 10:00"),
                ("Lê Văn Cường", "30/11/2026 17:00", "Đang xử lý", "", ""),
                ("Phạm Thị Dung", "30/11/2026 17:00", "Chờ bổ sung", "", ""),
            ],
            start=1,
        )
    ]  # fmt: skip
    with export.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    import_file(store, export, local(1, 7, 0))
    record_pull(store, local(1, 7, 5), "https://motcua.example.gov.vn: 503 Service Unavailable")
    record_pull(store, local(1, 7, 15), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=None, help="default: tests/data/")
    args = parser.parse_args()
    path = write(args.out or fixture_path())
    print(f"{path}: {path.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
