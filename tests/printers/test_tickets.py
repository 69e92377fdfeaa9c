"""PrintableTicket.from_api reads the contract's ticket JSON, from_ticket a ticket the client read;
TicketSite builds the QR URL."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from printers import Lang, PrintableTicket, TicketSite
from tests.printers.samples import AGENCY, SERVICE, ticket_json


def test_reads_the_api_ticket():
    t = PrintableTicket.from_api(ticket_json(priority=True, lang="en"))
    assert t.number == "1023" and t.priority and t.lang is Lang.EN
    assert t.service_name == SERVICE and t.agency_name == AGENCY
    assert t.agency_name_en == "Department of Natural Resources and Environment"
    assert t.issued_at.utcoffset() == timedelta(hours=7)
    assert (t.issued_at.hour, t.issued_at.minute) == (9, 41)
    assert (t.ahead, t.estimate_minutes, t.public_token) == (12, 35, "q7Hk2mXvR9pLs3Tn")


def test_missing_english_names_and_lang_are_tolerated():
    data = ticket_json(
        service={"id": 1, "name": "Chứng thực"}, agency={"id": 2, "name": "Sở Tư pháp"}
    )
    del data["lang"]
    t = PrintableTicket.from_api(data)
    assert t.service_name_en is None and t.agency_name_en is None and t.lang is Lang.VI


def test_decomposed_vietnamese_is_composed():
    decomposed = unicodedata.normalize("NFD", AGENCY)
    t = PrintableTicket.from_api(ticket_json(agency={"id": 3, "name": decomposed}))
    assert t.agency_name == AGENCY


def test_utc_z_time_is_accepted():
    t = PrintableTicket.from_api(ticket_json(issued_at="2025-11-25T02:41:07Z"))
    assert t.issued_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"issued_at": "2025-11-25T09:41:07"}, "issued_at"),
        ({"issued_at": "yesterday"}, "issued_at"),
        ({"number": None}, "number"),
        ({"ahead": "3"}, "ahead"),
        ({"ahead": -1}, "ahead"),
        ({"ahead": True}, "ahead"),
        ({"service": {"id": 1}}, "name"),
        ({"lang": "fr"}, "lang"),
        ({"priority": "yes"}, "priority"),
        ({"public_token": ""}, "public_token"),
    ],
)
def test_a_broken_ticket_names_the_field(change, field):
    with pytest.raises(ValueError, match=field):
        PrintableTicket.from_api(ticket_json(**change))


def test_site_url_and_footer():
    site = TicketSite("Trung tâm", "https://hcc.example.vn/luot/", "Giữ phiếu", None)
    t = PrintableTicket.from_api(ticket_json())
    assert site.ticket_url(t) == "https://hcc.example.vn/luot/t/q7Hk2mXvR9pLs3Tn"
    assert site.footer_for(Lang.EN) == "Giữ phiếu"
    with pytest.raises(ValueError, match="public_base_url"):
        TicketSite("Trung tâm", "luot.local:8470")


@dataclass(frozen=True)
class _Name:
    name: str
    name_en: str


@dataclass(frozen=True)
class _Range:
    low: int
    high: int


@dataclass(frozen=True)
class _Ticket:
    """A ticket as the client reads it (its TicketInfo has these attributes)."""

    number: str
    service: _Name
    agency: _Name
    priority: bool
    issued_at: datetime
    ahead: int
    estimate_minutes: int
    public_token: str
    lang: str
    estimate_range: _Range | None = None
    appointment_at: datetime | None = None


def _read(data: dict) -> _Ticket:
    def name(part: dict) -> _Name:
        return _Name(part["name"], part.get("name_en") or "")

    return _Ticket(
        data["number"], name(data["service"]), name(data["agency"]), data["priority"],
        datetime.fromisoformat(data["issued_at"]), data["ahead"], data["estimate_minutes"],
        data["public_token"], data["lang"],
        _Range(**data["estimate_range"]) if data.get("estimate_range") else None,
    )  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"priority": True, "lang": "en"},
        {"service": {"id": 1, "name": "Chứng thực", "name_en": ""}},
        {"agency": {"id": 3, "name": unicodedata.normalize("NFD", AGENCY), "name_en": " "}},
        {"number": unicodedata.normalize("NFD", "Ư001"), "ahead": 0, "estimate_minutes": 0},
        {"estimate_range": {"low": 20, "high": 35}},
    ],
)
def test_a_ticket_the_client_read_prints_as_its_json_would(changes: dict) -> None:
    data = ticket_json(**changes)
    assert PrintableTicket.from_ticket(_read(data)) == PrintableTicket.from_api(data)


@pytest.mark.parametrize(
    ("wait", "problem"),
    [({"low": 9, "high": 4}, "not a range"), ({"low": "9", "high": 14}, "must be int")],
)
def test_a_broken_range_is_refused_naming_the_field(wait: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        PrintableTicket.from_api(ticket_json(estimate_range=wait))
