"""Sample tickets and site for the tests and the golden images (long Vietnamese names)."""

from __future__ import annotations

from typing import Any

from printers import PrintableTicket, TicketSite

AGENCY = "Sở Tài nguyên và Môi trường"
SERVICE = (
    "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
)

SITE = TicketSite(
    centre_name="Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
    public_base_url="http://192.168.1.10:8470/",
    footer="Phiếu chỉ có giá trị trong ngày. Vui lòng chú ý màn hình và loa gọi số.",
    footer_en="Valid today only. Please watch the screens and listen for your number.",
)


def ticket_json(**changes: Any) -> dict[str, Any]:
    """The API's ticket JSON for the sample ticket, with ``changes``."""
    data: dict[str, Any] = {
        "id": 4211,
        "number": "1023",
        "service": {
            "id": 17,
            "name": SERVICE,
            "name_en": "Certificate of land use rights and ownership of houses and other "
            "land-attached assets",
        },
        "agency": {
            "id": 3,
            "name": AGENCY,
            "name_en": "Department of Natural Resources and Environment",
        },
        "priority": False,
        "status": "waiting",
        "issued_at": "2025-11-25T09:41:07+07:00",
        "called_at": None,
        "counter": None,
        "ahead": 12,
        "estimate_minutes": 35,
        "public_token": "q7Hk2mXvR9pLs3Tn",
        "recalls": 0,
        "lang": "vi",
    }
    data.update(changes)
    return data


def ticket(**changes: Any) -> PrintableTicket:
    """The sample ticket, built the way the kiosk builds it: from the API's JSON."""
    return PrintableTicket.from_api(ticket_json(**changes))


#: name -> (width, ticket) for each golden image
GOLDEN: dict[str, tuple[int, PrintableTicket]] = {
    "ticket-384": (384, ticket()),
    "ticket-384-priority": (384, ticket(priority=True, number="A023", ahead=0)),
    "ticket-576": (576, ticket()),
    "ticket-576-priority": (576, ticket(priority=True, number="A023", ahead=0)),
    "ticket-576-en": (576, ticket(lang="en", ahead=1, estimate_minutes=1)),
}
