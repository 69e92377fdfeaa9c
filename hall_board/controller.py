"""The board's controller: the board's LiveConnection (snapshot, then the stream from its seq;
``ui_common.live``) into the model, the figures re-read as events flow, the logo and the
month's dossiers.

It is the one place where the bridge (the core) meets the view-model. Nothing here blocks:
every call to the core runs on the bridge's worker thread and answers on the GUI thread.
"""

from __future__ import annotations

import logging

from hall_board.model import BoardModel
from queue_core.client import Board, CoreClient, CoreError
from ui_common import CoreBridge
from ui_common.live import LiveConnection
from ui_common.qt import QObject, QTimer
from ui_common.timings import TIMINGS, Timings

__all__ = ["BoardController"]

log = logging.getLogger(__name__)

DOSSIERS_MS = 180_000
"""This month's dossiers are re-read this often (the core pulls them every few minutes)."""
DOSSIERS_SOON_MS = 1_000
"""After a dossier's change the figures are read once the changes have stopped this long."""


async def read_board(core: CoreClient) -> Board:
    return await core.board()


class BoardController(QObject):
    def __init__(
        self,
        bridge: CoreBridge,
        model: BoardModel,
        timings: Timings = TIMINGS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.live: LiveConnection[Board] = LiveConnection(
            bridge, read_board, lambda board: board.seq, timings=timings, parent=self
        )
        self.live.snapshot_taken.connect(self._started)
        self.live.refreshed.connect(model.apply_figures)  # a fresher board: its figures only
        self.live.event_received.connect(model.apply_event)
        self.live.state_changed.connect(model.set_connection)
        self._dossiers = QTimer(self)
        self._dossiers.setInterval(DOSSIERS_MS)
        self._dossiers.timeout.connect(self.read_dossiers)
        model.figures_stale.connect(self.live.refresh_soon)
        # An import changes many dossiers at once, an event each: one read after the burst.
        self._dossiers_soon = QTimer(self)
        self._dossiers_soon.setSingleShot(True)
        self._dossiers_soon.setInterval(DOSSIERS_SOON_MS)
        self._dossiers_soon.timeout.connect(self.read_dossiers)
        model.dossiers_stale.connect(self._dossiers_soon.start)

    def start(self) -> None:
        """Read the snapshot, then stream every event after it."""
        self.live.start()

    def _started(self, board: Board) -> None:
        self.model.apply_snapshot(board)
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

    def stop(self) -> None:
        self._dossiers.stop()
        self.live.stop()
