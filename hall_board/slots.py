"""The rotating slot's round of pages: today's figures, the month's dossiers, the ready codes.

Today's figures; then this month's dossiers, a few agencies to a page; then each agency's codes
ready for collection, a few to a page, the rest counted. Pure: the board's model keeps the round
and the page on show; the dossier panel paints a page."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from queue_core.client import AgencyDossiers, DossierFigures

__all__ = [
    "DOSSIER_ROWS",
    "FIGURES_PAGE",
    "READY_PAGES",
    "READY_PER_PAGE",
    "SlotKind",
    "SlotPage",
    "same_page",
    "slot_pages",
]

DOSSIER_ROWS = 3
"""Agencies on one page of the month's figures (more make the lines too small to read)."""
READY_PER_PAGE = 6
READY_PAGES = 2
"""Pages of ready codes per agency and round; the rest are counted ("and 12 more")."""


class SlotKind(enum.StrEnum):
    FIGURES = "figures"
    """People waiting per agency, and today's figures."""
    DOSSIERS = "dossiers"
    """This month per agency: received, resolved, share resolved on time."""
    READY = "ready"
    """One agency's dossier codes ready for collection."""


@dataclass(frozen=True)
class SlotPage:
    kind: SlotKind
    agencies: tuple[AgencyDossiers, ...] = ()
    """DOSSIERS: the agencies on this page. READY: the one agency."""
    codes: tuple[str, ...] = ()
    more: int = 0
    """READY, last page: codes ready that did not fit."""
    page: int = 1
    pages: int = 1


FIGURES_PAGE = SlotPage(SlotKind.FIGURES)


def slot_pages(month: DossierFigures) -> tuple[SlotPage, ...]:
    """The rotating slot's round: the figures, the month's table, then each agency's codes."""
    pages = [FIGURES_PAGE]
    rows = month.agencies
    tables = [rows[i : i + DOSSIER_ROWS] for i in range(0, len(rows), DOSSIER_ROWS)]
    pages += [SlotPage(SlotKind.DOSSIERS, t, page=n, pages=len(tables))
              for n, t in enumerate(tables, 1)]  # fmt: skip
    for agency in rows:
        shown = agency.ready_codes[: READY_PER_PAGE * READY_PAGES]
        chunks = [shown[i : i + READY_PER_PAGE] for i in range(0, len(shown), READY_PER_PAGE)]
        more = len(agency.ready_codes) - len(shown)
        pages += [
            SlotPage(SlotKind.READY, (agency,), chunk, more if n == len(chunks) else 0, n,
                     len(chunks))
            for n, chunk in enumerate(chunks, 1)
        ]  # fmt: skip
    return tuple(pages)


def same_page(a: SlotPage, b: SlotPage) -> bool:
    """The same page of the round: its kind, its number, its agencies."""
    ids = [x.id for x in a.agencies] == [x.id for x in b.agencies]
    return a.kind is b.kind and a.page == b.page and ids
