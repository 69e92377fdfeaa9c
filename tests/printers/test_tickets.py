"""PrintableTicket.from_api reads the contract's ticket JSON; TicketSite builds the QR URL."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

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
