"""The wait a citizen reads: minutes, or "soon" under a minute, never "0 phút"."""

from __future__ import annotations

import pytest

from kiosk.widgets.screens import estimate_text
from ui_common.texts import Lang


@pytest.mark.parametrize(
    ("minutes", "lang", "shown"),
    [
        (0, Lang.VI, "Bạn sắp được gọi"),
        (0, Lang.EN, "You will be called shortly"),
        (12, Lang.VI, "Thời gian chờ khoảng 12 phút"),
        (12, Lang.EN, "About 12 minutes to wait"),
    ],
)
def test_the_tickets_estimate_reads_right(minutes: int, lang: Lang, shown: str) -> None:
    assert estimate_text("kiosk_ticket_estimate", minutes, lang) == shown


def test_a_services_estimate_under_a_minute_says_so() -> None:
    assert estimate_text("kiosk_estimate", 0, Lang.VI) == "Chờ dưới 1 phút"
    assert estimate_text("kiosk_estimate", 3, Lang.VI) == "Chờ khoảng 3 phút"
