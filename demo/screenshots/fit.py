"""Whether a window's content fits its screen: nothing forced larger, squeezed or cut off.

The apps' tests and screenshot tools check every screen with it (the kiosk in both
orientations, the counter's panel and display in each state).
"""

from __future__ import annotations

from collections.abc import Callable

from ui_common.qt import QtCore, QtWidgets

__all__ = ["Misfit", "fit", "misfits"]


class Misfit(AssertionError):
    """A screen that does not fit its size."""


def fit(
    window: QtWidgets.QWidget,
    size: tuple[int, int],
    name: str,
    more: Callable[[QtWidgets.QWidget], list[str]] = lambda _window: [],
) -> None:
    """Show ``window`` at exactly ``size``; raise Misfit when anything does not fit
    (``misfits``, and an app's ``more`` checks of its own), or when its picture is not
    exactly that size."""
    for _ in range(2):  # a new orientation may lay out anew and move the size once more
        window.resize(*size)
        window.show()
        for _ in range(3):  # a layout change can ask for another pass
            QtWidgets.QApplication.processEvents()
        if (window.width(), window.height()) == size:
            break
    problems = misfits(window, size) + more(window)
    picture = window.grab().size()
    if (picture.width(), picture.height()) != size:
        problems.append(f"its picture is {picture.width()}×{picture.height()}")
    if problems:
        raise Misfit(f"{name} at {size[0]}×{size[1]}:\n  " + "\n  ".join(problems))


def _inside_scroller(widget: QtWidgets.QWidget, top: QtWidgets.QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QtWidgets.QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QtWidgets.QWidget) -> str:
    if isinstance(widget, (QtWidgets.QLabel, QtWidgets.QAbstractButton)):
        return str(widget.text())
    return ""


def _name(widget: QtWidgets.QWidget) -> str:
    text = _text(widget)
    return f"{type(widget).__name__} {widget.objectName()!r} {text[:40]!r}"


def misfits(window: QtWidgets.QWidget, size: tuple[int, int]) -> list[str]:
    """What does not fit ``window`` shown at ``size``: an empty list when all is well.

    The window must be exactly ``size`` and its minimum size within it; every visible
    label and button must have at least the height its text needs at its width, and
    stand wholly inside the window unless it is in a scroll area (which scrolls to it).
    """
    width, height = size
    found: list[str] = []
    if (window.width(), window.height()) != size:
        found.append(f"window is {window.width()}×{window.height()}, not {width}×{height}")
    least = window.minimumSizeHint()
    if least.width() > width or least.height() > height:
        found.append(f"minimum size {least.width()}×{least.height()} exceeds {width}×{height}")
    bounds = window.rect()
    for widget in window.findChildren(QtWidgets.QWidget):
        if not widget.isVisibleTo(window) or not isinstance(
            widget, (QtWidgets.QLabel, QtWidgets.QAbstractButton)
        ):
            continue
        has_picture = isinstance(widget, QtWidgets.QLabel) and not widget.pixmap().isNull()
        if not _text(widget) and not has_picture:
            continue
        need = widget.minimumSizeHint()
        if widget.hasHeightForWidth():  # wrapped labels, tiles
            need_height = widget.heightForWidth(widget.width())
        else:
            need_height = need.height()
        if widget.height() + 1 < need_height or widget.width() + 1 < need.width():
            found.append(
                f"{_name(widget)} is {widget.width()}×{widget.height()},"
                f" needs {max(need.width(), widget.width())}×{need_height}"
            )
        if not _inside_scroller(widget, window):
            place = QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)), widget.size())
            if not bounds.contains(place):
                found.append(f"{_name(widget)} at {place.getRect()} is cut off")
    return found
