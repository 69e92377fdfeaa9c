"""The demo hall's hooks in an app: its window saved as a PNG over and over, and a ready mark
once it is at work."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from demo.apps.hooks import DemoHooks, DemoOptions
from demo.apps.shots import WindowShots
from ui_common.qt import QtGui, QtWidgets


def window(qtbot: QtBot) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel("Quầy 1 · 1023")
    label.setStyleSheet("background: #071A3D; color: #FFD400; font-size: 60px;")
    label.resize(640, 360)
    qtbot.addWidget(label)
    label.show()
    return label


def test_a_shot_is_the_window_and_replaces_the_last(qtbot: QtBot, tmp_path: Path) -> None:
    label = window(qtbot)
    path = tmp_path / "shots" / "board.png"
    shots = WindowShots(label, path, every_s=0.2)
    shots.start()
    qtbot.waitUntil(lambda: shots.saved >= 3, timeout=5_000)
    shots.stop()
    image = QtGui.QImage(str(path))
    assert (image.width(), image.height()) == (640, 360)
    assert image.pixelColor(5, 5).name() == "#071a3d"
    assert [p.name for p in path.parent.iterdir()] == ["board.png"]


def test_ready_comes_after_the_first_shot(qtbot: QtBot, tmp_path: Path) -> None:
    label = window(qtbot)
    options = DemoOptions(shots=tmp_path / "kiosk.png", ready_file=tmp_path / "run" / "kiosk")
    hooks = DemoHooks(options)
    hooks.at_work(label)
    hooks.at_work(label)  # twice is once
    assert not options.ready_file.exists()
    qtbot.waitUntil(options.ready_file.exists, timeout=5_000)
    assert options.shots.stat().st_size > 1000
    assert hooks.shots is not None and hooks.shots.saved == 1
    hooks.stop()
