"""What the provincial console shows live, read for every centre at once in a handful of
statements (never a statement per centre): each centre's state and last contact, its waiting
and longest wait against the service's target, its counters open, today's figures, and the
alerts — the province's own (a centre silent past the limit in its opening hours, someone
waiting past the target) beside the centre's own, as its log raised them (backups, devices,
counters, the shipping)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psycopg

from province.console.settings import ConsoleSettings
from province.console.text import translator

__all__ = ["AlertView", "CentreView", "Overview", "centre_detail", "overview"]

PROVINCE, CENTRE = "province", "centre"
OWN_WAITS = "service_wait"
"""The centres' own wait alerts are left out: the province judges waits from the live state,
against the same targets, and says so once."""
_VI, _EN = translator("vi"), translator("en")


@dataclass(frozen=True)
class AlertView:
    centre: str
    centre_name: str
    source: str
    """``province`` (seen by the province) or ``centre`` (raised by the centre's console)."""
    kind: str
    key: str
    message: str
    message_en: str
    since: datetime


@dataclass
class ServiceLive:
    service: str
    name: str
    name_en: str
    agency: str | None
    """The agency's name (its id when the site file does not name it)."""
    agency_en: str | None
    waiting: int
    longest_wait_minutes: int | None
    target: int | None

    @property
    def over_target(self) -> bool:
        return bool(
            self.target is not None
            and self.longest_wait_minutes is not None
            and self.longest_wait_minutes > self.target
        )


@dataclass
class CentreView:
    id: int
    code: str
    name: str
    state: str
    """ok, silent, after_hours, never, revoked."""
    last_seen_at: datetime | None
    silent_minutes: int | None
    """Minutes since it was last heard from."""
    business_day: date | None
    today: bool
    """Its newest business day is today where it is: its waiting is today's."""
    site_loaded: bool
    acked_seq: int
    last_event_at: datetime | None
    services: list[ServiceLive] = field(default_factory=list)
    counters_open: int = 0
    issued_today: int = 0
    served_today: int = 0
    gave_up_today: int = 0
    within_share_today: float | None = None
    """Called within the target, of those called plus those cancelled before a call (as the
    core's), where the target is known."""
    alerts: list[AlertView] = field(default_factory=list)
    counters: list[dict[str, Any]] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services) if self.today else 0

    @property
    def waiting_services(self) -> list[ServiceLive]:
        """The services someone waits for now, the longest wait first."""
        waiting = [s for s in self.services if s.waiting] if self.today else []
        return sorted(waiting, key=lambda s: (-(s.longest_wait_minutes or 0), s.name))

    @property
    def longest(self) -> ServiceLive | None:
        """The service whose first in line has waited longest, today."""
        waits = [s for s in self.services if s.longest_wait_minutes is not None]
        return (
            max(waits, key=lambda s: s.longest_wait_minutes or 0) if self.today and waits else None
        )


@dataclass(frozen=True)
class Overview:
    centres: list[CentreView]
    alerts: list[AlertView]
    now: datetime

    def count(self, state: str) -> int:
        return sum(1 for c in self.centres if c.state == state)

    @property
    def waiting(self) -> int:
        return sum(c.waiting for c in self.centres)

    @property
    def issued_today(self) -> int:
        return sum(c.issued_today for c in self.centres)

    @property
    def served_today(self) -> int:
        return sum(c.served_today for c in self.centres)

    @property
    def gave_up_today(self) -> int:
        return sum(c.gave_up_today for c in self.centres)


def _zone(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default


def _open_at(hours: list[Any], local: datetime) -> bool:
    """Whether any of the services' opening hours (``services.hours``) holds at ``local``;
    True when none is known."""
    known = [h for h in hours if isinstance(h, dict)]
    if not known:
        return True
    now = local.time()
    for h in known:
        if local.weekday() not in h.get("weekdays", ()):
            continue
        for start, end in h.get("periods", ()):
            if time.fromisoformat(start) <= now < time.fromisoformat(end):
                return True
    return False


def _minutes(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds() // 60))


_CENTRES = (
    "SELECT id, code, name, revoked_at, added_at, acked_seq, last_seen_at, last_event_at, "
    "current_day, timezone, site_loaded_at FROM centres {where} ORDER BY name, code"
)


def _read(
    conn: psycopg.Connection, settings: ConsoleSettings, code: str | None = None
) -> tuple[list[CentreView], list[AlertView]]:
    now = settings.now()
    where = "WHERE code = %(code)s" if code is not None else ""
    only = "AND c.code = %(code)s" if code is not None else ""
    params = {"code": code}
    centres = conn.execute(_CENTRES.format(where=where), params).fetchall()
    services: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT s.centre_id, s.service_id, s.name, s.name_en, s.agency_id, "
        "s.target_wait_minutes, s.hours, a.name, a.name_en FROM services s "
        f"JOIN centres c ON c.id = s.centre_id {only} "
        "LEFT JOIN agencies a ON a.centre_id = s.centre_id AND a.agency_id = s.agency_id "
        "ORDER BY s.centre_id, s.ord, s.service_id",
        params,
    ).fetchall():
        services[row[0]].append(row[1:])
    live: dict[int, dict[str, tuple[int, datetime | None]]] = defaultdict(dict)
    for centre_id, service, waiting, since in conn.execute(
        "SELECT l.centre_id, l.service_id, l.waiting, l.longest_since FROM live_services l "
        f"JOIN centres c ON c.id = l.centre_id {only}",
        params,
    ).fetchall():
        live[centre_id][service] = (waiting, since)
    opened: dict[int, int] = dict(
        conn.execute(
            "SELECT l.centre_id, count(*) FILTER (WHERE l.state = 'open') FROM live_counters l "
            f"JOIN centres c ON c.id = l.centre_id {only} GROUP BY l.centre_id",
            params,
        ).fetchall()
    )
    today: dict[int, tuple[int, int, int, int | None, int | None]] = {
        row[0]: (int(row[1]), int(row[2]), int(row[3]), row[4], row[5])
        for row in conn.execute(
            "SELECT d.centre_id, sum(d.issued), sum(d.served), sum(d.gave_up), "
            "sum(d.within_target), sum(d.called + d.cancelled_uncalled) "
            "FILTER (WHERE d.within_target IS NOT NULL) FROM day_figures d "
            "JOIN centres c ON c.id = d.centre_id AND d.business_day = c.current_day "
            f"{only} GROUP BY d.centre_id",
            params,
        ).fetchall()
    }
    own: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT a.centre_id, a.key, a.kind, a.message, a.message_en, a.raised_at "
        f"FROM centre_alerts a JOIN centres c ON c.id = a.centre_id {only} "
        "WHERE a.kind <> %(own_waits)s ORDER BY a.raised_at",
        {**params, "own_waits": OWN_WAITS},
    ).fetchall():
        own[row[0]].append(row[1:])

    views, alerts = [], []
    limit = settings.silent_minutes
    for (
        centre_id, code_, name, revoked, added, acked, seen, newest, day, zone_name, loaded
    ) in centres:  # fmt: skip
        zone = _zone(zone_name, settings.zone)
        local = now.astimezone(zone)
        mine = services.get(centre_id, [])
        open_now = _open_at([s[5] for s in mine], local)
        quiet = _minutes(seen if seen is not None else added, now) or 0
        if revoked is not None:
            state = "revoked"
        elif seen is None:
            state = "never"
        elif quiet > limit:
            state = "silent" if open_now else "after_hours"
        else:
            state = "ok"
        is_today = day is not None and day == local.date()
        figures = today.get(centre_id)
        view = CentreView(
            id=centre_id,
            code=code_,
            name=name,
            state=state,
            last_seen_at=seen,
            silent_minutes=_minutes(seen, now),
            business_day=day,
            today=is_today,
            site_loaded=loaded is not None,
            acked_seq=acked,
            last_event_at=newest,
            counters_open=int(opened.get(centre_id, 0)) if is_today else 0,
        )
        if figures is not None and is_today:
            view.issued_today, view.served_today, view.gave_up_today = figures[:3]
            if figures[4]:
                view.within_share_today = round((figures[3] or 0) / figures[4], 3)
        known = {s[0] for s in mine}
        waits = live.get(centre_id, {})
        rows = [(s[0], s[1], s[2], s[6] or s[3], s[7] or s[6] or s[3], s[4]) for s in mine]
        rows += [(sid, sid, sid, None, None, None) for sid in sorted(waits) if sid not in known]
        for service, s_name, s_name_en, agency, agency_en, target in rows:
            waiting, since = waits.get(service, (0, None))
            view.services.append(
                ServiceLive(
                    service=service,
                    name=s_name,
                    name_en=s_name_en or s_name,
                    agency=agency,
                    agency_en=agency_en,
                    waiting=waiting if is_today else 0,
                    longest_wait_minutes=_minutes(since, now) if is_today and waiting else None,
                    target=target,
                )
            )
        if state in ("silent", "never") and open_now and quiet > limit:
            since = (seen or added) + timedelta(minutes=limit)
            if seen is None:
                vi, en = _VI("never_message"), _EN("never_message")
            else:
                vi = _VI("silent_message", minutes=quiet, limit=limit)
                en = _EN("silent_message", minutes=quiet, limit=limit)
            view.alerts.append(AlertView(code_, name, PROVINCE, "silent", "silent", vi, en, since))
        if state == "ok":
            for s in view.services:
                if s.over_target and s.longest_wait_minutes is not None and s.target is not None:
                    since = now - timedelta(minutes=s.longest_wait_minutes - s.target)
                    values = {"minutes": s.longest_wait_minutes, "target": s.target}
                    view.alerts.append(
                        AlertView(
                            code_,
                            name,
                            PROVINCE,
                            "wait",
                            f"wait:{s.service}",
                            _VI("wait_message", service=s.name, **values),
                            _EN("wait_message", service=s.name_en, **values),
                            since,
                        )
                    )
        if revoked is None:
            for key, kind, message, message_en, raised in own.get(centre_id, []):
                view.alerts.append(
                    AlertView(
                        code_, name, CENTRE, kind, key, message, message_en or message, raised
                    )
                )
        views.append(view)
        alerts.extend(view.alerts)
    alerts.sort(key=lambda a: (a.since, a.centre, a.key))
    return views, alerts


def overview(conn: psycopg.Connection, settings: ConsoleSettings) -> Overview:
    centres, alerts = _read(conn, settings)
    return Overview(centres, alerts, settings.now())


def centre_detail(
    conn: psycopg.Connection, settings: ConsoleSettings, code: str
) -> CentreView | None:
    """One centre as the overview sees it, with its counters; None when there is no such
    centre."""
    centres, _alerts = _read(conn, settings, code)
    if not centres:
        return None
    view = centres[0]
    view.counters = [
        {"number": n, "state": state, "staff": staff, "since": since}
        for n, state, staff, since in conn.execute(
            "SELECT counter, state, staff, since FROM live_counters WHERE centre_id = %s "
            "ORDER BY counter",
            (view.id,),
        ).fetchall()
    ]
    return view
