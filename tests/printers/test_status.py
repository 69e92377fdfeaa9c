"""DLE EOT answers read into PrinterStatus."""

from __future__ import annotations

import pytest

from printers import Lang, PaperState, PrinterErrorKind, PrinterStatus
from printers.status import status_from_replies
from tests.printers.fakes import COVER_OPEN, PAPER_LOW, PAPER_OUT, READY


@pytest.mark.parametrize(
    ("replies", "online", "paper", "cover", "kind"),
    [
        (READY, True, PaperState.OK, False, None),
        (PAPER_LOW, True, PaperState.LOW, False, None),
        (PAPER_OUT, False, PaperState.OUT, False, PrinterErrorKind.PAPER_OUT),
        (COVER_OPEN, False, PaperState.OK, True, PrinterErrorKind.COVER_OPEN),
        ({1: 0x1A, 2: 0x12, 4: 0x12}, False, PaperState.OK, False, PrinterErrorKind.OFFLINE),
        ({1: 0x1A, 2: 0x52, 4: 0x12}, False, PaperState.OK, False, PrinterErrorKind.OFFLINE),
        ({1: 0xFF, 2: 0x12, 4: 0x12}, False, PaperState.UNKNOWN, False, PrinterErrorKind.CONFIG),
    ],
)
def test_replies(replies, online, paper, cover, kind):
    status = status_from_replies(replies)
    assert (status.online, status.paper, status.cover_open) == (online, paper, cover)
    assert (status.problem.kind if status.problem else None) is kind
    assert status.ready is (kind is None)


def test_descriptions_are_in_both_languages():
    low = status_from_replies(PAPER_LOW)
    assert low.describe(Lang.VI) == "Sẵn sàng, giấy sắp hết"
    assert low.describe(Lang.EN) == "Ready, paper low"
    out = status_from_replies(PAPER_OUT)
    assert out.describe(Lang.VI).startswith("Không in được: Máy in hết giấy")
    assert "kết nối này" in PrinterStatus.unasked().describe(Lang.VI)
