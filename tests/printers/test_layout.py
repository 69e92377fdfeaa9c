"""render_ticket: pure, 1-bit, the paper's width, every part of the ticket present."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import qrcode
from PIL import Image

from printers import render_test_page, render_ticket
from printers.layout import _qr
from tests.printers.samples import SITE, ticket


def _ink_rows(image: Image.Image) -> int:
    return sum(1 for y in range(image.height) if image.crop((0, y, image.width, y + 1)).getbbox())


@pytest.mark.parametrize("width", [384, 576])
def test_same_ticket_same_pixels_at_the_paper_width(width):
    first = render_ticket(ticket(), SITE, width)
    second = render_ticket(ticket(), SITE, width)
    assert first.mode == "1" and first.width == width
    assert first.tobytes() == second.tobytes()


def test_nothing_touches_the_side_edges():
    image = render_ticket(ticket(priority=True), SITE, 384)
    inverted = Image.eval(image.convert("L"), lambda v: 255 - v)
    left, top, right, bottom = inverted.getbbox()
    assert left >= 8 and right <= 384 - 8  # a margin on thermal paper
    assert top >= 4 and bottom <= image.height - 4


def test_priority_adds_the_mark():
    plain = render_ticket(ticket(), SITE, 576)
    priority = render_ticket(ticket(priority=True), SITE, 576)
    assert priority.height > plain.height
    assert _ink_rows(priority) > _ink_rows(plain)


def test_english_ticket_adds_english_names():
    vi = render_ticket(ticket(), SITE, 576)
    en = render_ticket(ticket(lang="en"), SITE, 576)
    assert en.height > vi.height


def test_english_ticket_without_english_names_still_renders():
    data = {"service": {"id": 1, "name": "Chứng thực bản sao"}, "lang": "en"}
    image = render_ticket(ticket(**data), SITE, 384)
    assert image.width == 384


@pytest.mark.parametrize("number", ["7", "1023", "A023", "B1999"])
def test_the_number_is_huge_and_fits(number):
    image = render_ticket(ticket(number=number), SITE, 384)
    assert image.width == 384  # drawn inside the paper (fit_size)


def test_qr_code_holds_the_phone_page_url():
    url = SITE.ticket_url(ticket())
    assert url == "http://192.168.1.10:8470/t/q7Hk2mXvR9pLs3Tn"
    image = _qr(url, 170)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = image.width // len(matrix)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            pixel = image.getpixel((x * module + module // 2, y * module + module // 2))
            assert (pixel == 0) == dark


@pytest.mark.parametrize("width", [100, 383, 2048])
def test_a_width_that_is_no_paper_is_refused(width):
    with pytest.raises(ValueError, match="paper width"):
        render_ticket(ticket(), SITE, width)


def test_test_page_has_a_frame_on_the_edges():
    when = datetime(2025, 1, 2, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    image = render_test_page(384, ["tcp 10.0.0.5:9100"], when)
    assert image.getpixel((0, image.height // 2)) == 0
    assert image.getpixel((383, image.height // 2)) == 0
    assert image.getpixel((192, 0)) == 0 and image.getpixel((192, image.height - 1)) == 0
