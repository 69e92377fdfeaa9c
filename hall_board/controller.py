"""The board's controller: snapshot first, then the event stream from its seq; figures kept fresh.

Beside the stream: the site's logo (once per snapshot read) and this month's dossiers
(every few minutes, and when the notices change).

It is the one place where the bridge (the core) meets the view-model. Nothing here blocks:
every call to the core runs on the bridge's worker thread and answers on the GUI thread.
"""

from __future__ import annotations

import logging

from hall_board.model import BoardModel
from queue_core.client import Board, ConnectionState, CoreError
from ui_common import CoreBridge
from ui_common.qt import QObject, QTimer

__all__ = ["BoardController"]

log = logging.getLogger(__name__)

RETRY_MS = 2000
FIGURES_DELAY_MS = 800
"""Waiting counts and today's figures are re-read at most this often while events flow."""
DOSSIERS_MS = 180_000
"""This month's dossiers are re-read this often (the core pulls them every few minutes)."""


class BoardController(QObject):
    def __init__(self, bridge: CoreBridge, model: BoardModel, parent: QObject | None = None):
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self._figures = QTimer(self)
        self._figures.setSingleShot(True)
        self._figures.setInterval(FIGURES_DELAY_MS)
        self._figures.timeout.connect(self._read_figures)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.start)
        self._dossiers = QTimer(self)
        self._dossiers.setInterval(DOSSIERS_MS)
        self._dossiers.timeout.connect(self.read_dossiers)
        self._streaming = False
        self._failures = 0
        bridge.event_received.connect(model.apply_event)
        bridge.connection_changed.connect(self._connection_changed)
        model.figures_stale.connect(self._figures_stale)
        model.dossiers_stale.connect(self.read_dossiers)

    def start(self) -> None:
        """Read the snapshot, then stream every event after it."""
        self.bridge.call(lambda core: core.board(), self._started, self._start_failed)

    def _started(self, board: Board) -> None:
        if self._failures:
            log.warning("the core answers again after %d failed attempt(s)", self._failures)
            self._failures = 0
        self.model.apply_snapshot(board)
        self._streaming = True
        self.bridge.subscribe(self.model.last_seq)
        if self.model.wants_logo:
            self.bridge.call(lambda core: core.site_logo(), self.model.set_logo, self._no_logo)
        self.read_dossiers()
        self._dossiers.start()

    def _no_logo(self, error: CoreError) -> None:
        log.warning("the site's logo could not be read (%s); the board shows none", error)

    def read_dossiers(self) -> None:
        """This month's dossier figures, into the model (a failure keeps the last ones)."""
        self.bridge.call(
            lambda core: core.dossier_figures(), self.model.apply_dossiers, self._no_dossiers
        )

    def _no_dossiers(self, error: CoreError) -> None:
        log.info("no dossier figures from the core (%s); keeping the last ones", error)

    def _start_failed(self, error: CoreError) -> None:
        level = logging.DEBUG if self._failures else logging.WARNING  # said once, not every 2 s
        self._failures += 1
        log.log(level, "no snapshot from the core (%s); trying every %d s", error, RETRY_MS // 1000)
        self.model.set_connection(ConnectionState.RECONNECTING)
        self._retry.start()

    def _connection_changed(self, state: ConnectionState) -> None:
        self.model.set_connection(state)
        if state is ConnectionState.CLOSED and self._streaming:  # refused or ended: resume
            log.warning("event stream closed; resuming after seq %d", self.model.last_seq)
            QTimer.singleShot(RETRY_MS, self._resume)

    def _resume(self) -> None:
        if self._streaming and self.bridge.state is ConnectionState.CLOSED:
            self.bridge.subscribe(self.model.last_seq)

    def _figures_stale(self) -> None:
        if not self._figures.isActive():
            self._figures.start()

    def _read_figures(self) -> None:
        self.bridge.call(lambda core: core.board(), self.model.apply_figures)

    def stop(self) -> None:
        self._streaming = False
        self._figures.stop()
        self._retry.stop()
        self._dossiers.stop()
        self.bridge.unsubscribe()
