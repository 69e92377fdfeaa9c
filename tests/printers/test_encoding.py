"""The ESC/POS bytes: initialise, GS v 0 raster of the paper's width, feed, cut."""

from __future__ import annotations

import pytest
from PIL import Image

from printers import PrinterError, PrinterErrorKind, PrinterProfile, encode_image, render_ticket
from printers.encoding import FRAGMENT_HEIGHT
from tests.printers.escpos_decode import decode
from tests.printers.samples import SITE, ticket


@pytest.mark.parametrize(("width", "profile"), [(384, None), (576, "TM-T20II"), (512, "TM-T88V")])
def test_bytes_decode_back_to_the_image(width, profile):
    image = render_ticket(ticket(priority=True), SITE, width)
    data = encode_image(image, PrinterProfile.resolve(profile, width))
    decoded = decode(data)
    assert decoded.commands[0] == "init"
    assert decoded.commands[-2:] == ["feed 6", "cut"]
    assert data.startswith(b"\x1b@\x1dv0\x00" + bytes((width // 8, 0)))
    assert data.endswith(b"\x1dV\x00")
    assert all(b.width == width and b.height <= FRAGMENT_HEIGHT for b in decoded.bands)
    assert decoded.raster.tobytes() == image.tobytes()


def test_the_decoder_sees_a_changed_pixel():
    image = render_ticket(ticket(), SITE, 384)
    changed = image.copy()
    changed.putpixel((5, 5), 0)
    data = encode_image(changed, PrinterProfile.resolve(None, 384))
    assert decode(data).raster.tobytes() != image.tobytes()


def test_a_profile_without_cutter_feeds_but_does_not_cut():
    image = Image.new("1", (384, 16), 255)
    commands = decode(encode_image(image, PrinterProfile.resolve("POS-5890", None))).commands
    assert commands == ["init", "raster 384x16", "feed 6"]


def test_profile_width_defaults():
    assert PrinterProfile.resolve(None, None).width == 576
    assert PrinterProfile.resolve("ZJ-5870", None).width == 384


@pytest.mark.parametrize(
    ("profile", "width", "words"),
    [
        ("No-Such-Printer", None, "unknown printer profile"),
        ("TM-T88V", 576, "more than TM-T88V prints"),
        (None, 300, "384"),
        ("TM-U220", None, "raster"),
    ],
)
def test_bad_profile_or_width_is_a_config_error(profile, width, words):
    with pytest.raises(PrinterError) as raised:
        PrinterProfile.resolve(profile, width)
    assert raised.value.kind is PrinterErrorKind.CONFIG
    assert words in raised.value.message_en


def test_an_image_of_another_width_is_a_bug_not_a_printer_problem():
    with pytest.raises(ValueError):
        encode_image(Image.new("1", (384, 8), 255), PrinterProfile.resolve(None, 576))
