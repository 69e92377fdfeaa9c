"""The apps' words: one catalogue per language (Vietnamese first, English second).

Each language is a package (``texts/vi``, ``texts/en``) whose modules hold one
section each (common, kiosk, counter, board) as a ``TEXTS`` dict; a catalogue is
the union of its language's sections. Keys are English snake_case; values are
``str.format`` templates.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
from functools import cache


class Lang(enum.StrEnum):
    VI = "vi"
    EN = "en"


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    package = importlib.import_module(f"ui_common.texts.{lang.value}")
    texts: dict[str, str] = {}
    for module in pkgutil.iter_modules(package.__path__):
        section = importlib.import_module(f"{package.__name__}.{module.name}")
        clash = texts.keys() & section.TEXTS.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice in {lang.value}: {sorted(clash)}")
        texts.update(section.TEXTS)
    return texts


def tr(key: str, lang: Lang | str = Lang.VI, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in.

    A key missing from a language is a bug (the catalogue test catches it); at run
    time the Vietnamese text is shown rather than nothing.
    """
    lang = Lang(lang)
    template = catalogue(lang).get(key) or catalogue(Lang.VI)[key]
    return template.format(**values) if values else template


def in_lang(lang: Lang, vi: str, en: str | None) -> str:
    """A name or text from the site file in ``lang``: its English form where the site gives
    one and English is asked for, else the Vietnamese."""
    return en if lang is Lang.EN and en else vi


__all__ = ["Lang", "catalogue", "in_lang", "tr"]
