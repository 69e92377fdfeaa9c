"""What a service's tile says of the wait: a number, or plain words when it is zero."""

from __future__ import annotations

import pytest

from kiosk.catalogue import ServiceEntry
from kiosk.widgets.home import service_details
from queue_core.client import WaitRange
from ui_common.texts import Lang


@pytest.mark.parametrize(
    ("minutes", "lang", "shown"),
    [
        (0, Lang.VI, "4 người đang chờ  ·  Chờ dưới 1 phút"),
        (3, Lang.VI, "4 người đang chờ  ·  Chờ khoảng 3 phút"),
        (0, Lang.EN, "4 waiting  ·  Under 1 min wait"),
        (3, Lang.EN, "4 waiting  ·  About 3 min wait"),
    ],
)
def test_the_tile_says_the_wait_in_words(minutes: int, lang: Lang, shown: str) -> None:
    service = ServiceEntry("lltp", "Lý lịch tư pháp", "", "stp", 4, minutes, available=True)
    assert service_details(service, lang) == [shown]


@pytest.mark.parametrize(
    ("wait", "lang", "shown"),
    [
        (WaitRange(0, 3), Lang.VI, "4 người đang chờ  ·  Chờ dưới 5 phút"),
        (WaitRange(20, 35), Lang.VI, "4 người đang chờ  ·  Chờ khoảng 20–35 phút"),
        (WaitRange(0, 5), Lang.EN, "4 waiting  ·  Under 5 min wait"),
        (WaitRange(20, 35), Lang.EN, "4 waiting  ·  About 20–35 min wait"),
    ],
)
def test_the_tile_says_the_range_the_ticket_will(wait: WaitRange, lang: Lang, shown: str) -> None:
    service = ServiceEntry(
        "lltp", "Lý lịch tư pháp", "", "stp", 4, 27, available=True, estimate_range=wait
    )
    assert service_details(service, lang) == [shown]
