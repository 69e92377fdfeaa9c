"""The centre's logo as an image of a given height: PNG through QPixmap, SVG through QtSvg."""

from __future__ import annotations

import logging
from functools import lru_cache

from PySide6 import QtSvg

from ui_common.qt import Qt, QtCore, QtGui

__all__ = ["logo_image"]

log = logging.getLogger(__name__)

WIDEST = 3.0
"""A logo is at most three times as wide as it is high (a banner would crowd the name)."""


@lru_cache(maxsize=4)
def logo_image(data: bytes, height: int) -> QtGui.QImage | None:
    """``data`` (PNG or SVG bytes) drawn ``height`` pixels high, or None if it is neither."""
    if height <= 0:
        return None
    if data.startswith(b"\x89PNG"):
        image = QtGui.QImage.fromData(data, b"PNG")
        if image.isNull():
            log.warning("the logo is not a readable PNG")
            return None
        scaled = image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
        if scaled.width() > WIDEST * height:
            scaled = image.scaledToWidth(
                int(WIDEST * height), Qt.TransformationMode.SmoothTransformation
            )
        return scaled
    renderer = QtSvg.QSvgRenderer(QtCore.QByteArray(data))
    if not renderer.isValid():
        log.warning("the logo is neither a PNG nor a readable SVG")
        return None
    size = renderer.defaultSize()
    aspect = size.width() / size.height() if size.height() > 0 else 1.0
    width = max(1, round(height * min(aspect, WIDEST)))
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.render(painter, QtCore.QRectF(0, 0, width, height))
    painter.end()
    return image
