"""The tactile keypad: which key is which move, and where the focus is on a screen (pure).

A USB numeric keypad with raised marks drives the kiosk alone: 8/2/4/6 (or the arrows) move
the focus, 5 (or Enter) chooses, Backspace, 0, '-' or Esc go back, + turns voice guidance on.
Digits, '-' and '+' count only from the numeric keypad (Qt's keypad modifier): the scanner
types codes on the main row, and those must never move the focus. ``Focus`` holds the choices
of the screen shown, as rectangles in the window, and which one is focused; it knows no widget.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Focus", "Move", "Spot", "move_of", "reading_order"]


class Move(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    CHOOSE = "choose"
    BACK = "back"
    VOICE = "voice"
    """+ on the keypad: voice guidance on (or off)."""


# Qt's key codes (Qt.Key), kept as numbers so that this module needs no Qt.
_ANYWHERE = {
    0x01000013: Move.UP,  # Key_Up
    0x01000015: Move.DOWN,  # Key_Down
    0x01000012: Move.LEFT,  # Key_Left
    0x01000014: Move.RIGHT,  # Key_Right
    0x01000004: Move.CHOOSE,  # Key_Return
    0x01000005: Move.CHOOSE,  # Key_Enter
    0x0100000B: Move.CHOOSE,  # Key_Clear: the keypad's 5 with Num Lock off
    0x01000003: Move.BACK,  # Key_Backspace
    0x01000000: Move.BACK,  # Key_Escape
}
_KEYPAD_ONLY = {
    ord("8"): Move.UP,
    ord("2"): Move.DOWN,
    ord("4"): Move.LEFT,
    ord("6"): Move.RIGHT,
    ord("5"): Move.CHOOSE,
    ord("0"): Move.BACK,
    ord("-"): Move.BACK,
    0x01000006: Move.BACK,  # Key_Insert: the keypad's 0 with Num Lock off
    ord("+"): Move.VOICE,
}


def move_of(key: int, keypad: bool) -> Move | None:
    """The move a key press means; ``keypad``: it came from the numeric keypad."""
    move = _ANYWHERE.get(key)
    if move is None and keypad:
        move = _KEYPAD_ONLY.get(key)
    return move


@dataclass(frozen=True)
class Spot:
    """A choice on the screen: its key and its rectangle in the window."""

    key: str
    x: int
    y: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


def reading_order(spots: Sequence[Spot]) -> list[Spot]:
    """Row by row from the top, each row left to right (a row: spots beside the first one)."""
    rest = sorted(spots, key=lambda s: (s.y, s.x))
    ordered: list[Spot] = []
    while rest:
        first = rest[0]
        row = [s for s in rest if s.y < first.y + first.height / 2]
        ordered += sorted(row, key=lambda s: s.x)
        rest = [s for s in rest if s not in row]
    return ordered


class Focus:
    """The focused choice among a screen's ``spots``, moved by the keypad."""

    def __init__(self) -> None:
        self.spots: list[Spot] = []
        self.key: str | None = None
        self._moved = False
        self.shown = False
        """The ring shows once the keypad is used, until the kiosk goes idle."""

    def reset(self) -> None:
        """A new screen: its first choice will be focused."""
        self.key = None
        self._moved = False

    def place(self, spots: Sequence[Spot], first: str | None = None) -> None:
        """The screen's choices now; the focus stays on its key while it is there, else goes
        to ``first`` (the screen's main choice) or the first in reading order; until the
        citizen moves it, it follows ``first`` (the tiles may arrive after the screen)."""
        self.spots = reading_order(spots)
        keys = [s.key for s in self.spots]
        if self.key not in keys or not self._moved:
            self.key = first if first in keys else (keys[0] if keys else None)

    @property
    def spot(self) -> Spot | None:
        return next((s for s in self.spots if s.key == self.key), None)

    def move(self, move: Move) -> bool:
        """Move the focus; False when there is nothing that way (the edge of the screen).

        Left and right step through the choices in reading order (a row's end leads to the
        next row), so that every choice is reached by one key; up and down go to the nearest
        row above or below, to its choice most in line with the focused one."""
        here = self.spot
        if here is None:
            return False
        if move in (Move.LEFT, Move.RIGHT):
            index = self.spots.index(here) + (1 if move is Move.RIGHT else -1)
            if not 0 <= index < len(self.spots):
                return False
            self.key = self.spots[index].key
            self._moved = True
            return True
        if move not in (Move.UP, Move.DOWN):
            return False
        up = move is Move.UP
        _, cy = here.centre
        ahead = [
            s for s in self.spots if (s.centre[1] < here.y if up else s.centre[1] > here.bottom)
        ]
        if not ahead:
            ahead = [
                s for s in self.spots if (s.centre[1] < cy - 1 if up else s.centre[1] > cy + 1)
            ]
        if not ahead:
            return False

        def gap(s: Spot) -> float:
            return max(0.0, here.y - s.bottom if up else s.y - here.bottom)

        nearest = min(gap(s) for s in ahead)
        row = [s for s in ahead if gap(s) <= nearest + 8]
        cx, _ = here.centre
        self.key = min(row, key=lambda s: (abs(s.centre[0] - cx), s.x)).key
        self._moved = True
        return True
