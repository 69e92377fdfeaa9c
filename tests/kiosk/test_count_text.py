"""What a citizen reads about the queue: numbers, or plain words when a number is zero."""

from __future__ import annotations

import pytest

from kiosk.widgets.screens import count_text
from ui_common.texts import Lang


@pytest.mark.parametrize(
    ("key", "value", "lang", "shown"),
    [
        ("kiosk_ticket_estimate", 0, Lang.VI, "Bạn sắp được gọi"),
        ("kiosk_ticket_estimate", 0, Lang.EN, "You will be called shortly"),
        ("kiosk_ticket_estimate", 12, Lang.VI, "Thời gian chờ khoảng 12 phút"),
        ("kiosk_ticket_estimate", 12, Lang.EN, "About 12 minutes to wait"),
        ("kiosk_estimate", 0, Lang.VI, "Chờ dưới 1 phút"),
        ("kiosk_estimate", 3, Lang.VI, "Chờ khoảng 3 phút"),
    ],
)
def test_the_estimate_reads_right(key: str, value: int, lang: Lang, shown: str) -> None:
    assert count_text(key, lang, minutes=value) == shown


@pytest.mark.parametrize(
    ("ahead", "shown"),
    [(0, "Không có ai đang chờ trước bạn"), (1, "Trước bạn còn 1 người")],
)
def test_the_people_ahead_read_as_the_printed_ticket_says(ahead: int, shown: str) -> None:
    assert count_text("kiosk_ticket_ahead", Lang.VI, n=ahead) == shown
