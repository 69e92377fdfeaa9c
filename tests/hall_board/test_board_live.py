"""The board against a real core: bursts shown and said in order, cut sockets, restarts, zones."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_board.announcer import Announcer
from hall_board.controller import BoardController
from hall_board.model import BoardModel, Timing
from hall_board.voice import Silence, VoicePack, load_pack, wav_duration
from queue_core.client import ConnectionState
from queue_core.domain import CounterState
from tests.hall_board.hall import BOARD_SITE, Hall
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge
from ui_common.sound import RecordingSink, SoundQueue

WAIT = 20_000
QUICK = Timing(alone_ms=30, busy_ms=30)


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=BOARD_SITE) as server:
        yield server


@pytest.fixture
def pack(default_pack_dir: Path) -> VoicePack:
    return load_pack(default_pack_dir)


@dataclass
class Board:
    """One board as the app wires it, with a recording sink for its speaker."""

    bridge: CoreBridge
    model: BoardModel
    controller: BoardController
    sink: RecordingSink
    events: list[int] = field(default_factory=list)

    def close(self) -> None:
        self.controller.stop()
        self.bridge.close()


def open_board(
    qtbot: QtBot, core: CoreServer, pack: VoicePack, zone: str | None = None, timing: Timing = QUICK
) -> Board:
    bridge = CoreBridge(core.base_url, core.pair_device("board"))
    model = BoardModel(zone, timing)
    sink = RecordingSink()
    announcer = Announcer(pack, SoundQueue(sink))
    model.call_received.connect(announcer.announce)
    board = Board(bridge, model, BoardController(bridge, model), sink)
    board.announcer = announcer  # type: ignore[attr-defined]  # kept alive with the board
    bridge.event_received.connect(lambda e: board.events.append(e.seq))
    board.controller.start()
    qtbot.waitUntil(lambda: model.connection is ConnectionState.CONNECTED, timeout=WAIT)
    return board


def expected_frames(pack: VoicePack, parts: tuple) -> int:
    return sum(
        p.ms * pack.sample_rate // 1000 if isinstance(p, Silence) else len(pack.clips[p]) // 2
        for p in parts
    )


def test_a_burst_of_five_calls_is_shown_then_listed_and_said_in_order(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    for counter in range(1, 6):
        hall.open(counter)
    hall.issue(5)
    board = open_board(qtbot, core, pack)
    called = [(hall.next(counter), counter) for counter in (3, 1, 5, 2, 4)]

    model = board.model
    qtbot.waitUntil(lambda: len(model.shown) == 5 and not model.highlighted, timeout=WAIT)
    assert [(c.ticket, c.counter) for c in model.shown] == called
    assert (model.now.ticket, model.now.counter) == called[-1]
    assert [(c.ticket, c.counter) for c in model.recent()] == called[-2::-1]

    qtbot.waitUntil(lambda: len(board.sink.played) == 5, timeout=WAIT)
    played = board.sink.played
    assert [(a.ticket, a.counter) for a in played] == called
    assert board.sink.most_at_once == 1
    for announcement in played:
        seconds = wav_duration(announcement.wav)
        assert seconds == expected_frames(pack, announcement.parts) / pack.sample_rate
        assert seconds > 4.0  # chime 1.5 s + two phrases + the words
    qtbot.waitUntil(lambda: model.today.issued == 5, timeout=WAIT)
    assert model.counters()[0].ticket == called[1][0]  # counter 1 serves its ticket
    board.close()


def test_a_cut_socket_resumes_with_no_duplicate_and_no_gap(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    for counter in (1, 2, 3, 4):
        hall.open(counter)
    hall.issue(4)
    board = open_board(qtbot, core, pack)
    start = board.model.last_seq
    called = [hall.next(1), hall.next(2)]
    qtbot.waitUntil(lambda: len(board.model.shown) == 2, timeout=WAIT)
    board.bridge.drop_stream()
    qtbot.waitUntil(lambda: board.model.connection is ConnectionState.RECONNECTING, timeout=WAIT)
    called += [hall.next(3), hall.next(4)]  # while the board is away
    model = board.model
    qtbot.waitUntil(lambda: len(model.shown) == 4 and not model.highlighted, timeout=WAIT)
    last = hall.seq()
    qtbot.waitUntil(lambda: board.model.last_seq == last, timeout=WAIT)
    qtbot.waitUntil(lambda: board.events[-1:] == [last], timeout=WAIT)
    assert board.events == list(range(start + 1, last + 1))
    assert [c.ticket for c in board.model.shown] == called
    qtbot.waitUntil(lambda: len(board.sink.played) == 4, timeout=WAIT)
    assert [a.ticket for a in board.sink.played] == called
    board.close()


def test_an_event_applied_twice_counts_once(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    hall.open(1)
    hall.issue(1)
    board = open_board(qtbot, core, pack)
    hall.next(1)
    qtbot.waitUntil(lambda: len(board.model.shown) == 1, timeout=WAIT)
    # the stream replaced under the controller (the old one's end is not passed on)
    board.bridge.subscribe(board.model.last_seq - 1)  # a stream that replays the call
    qtbot.waitUntil(lambda: board.events.count(board.model.last_seq) == 2, timeout=WAIT)
    assert len(board.model.shown) == 1
    qtbot.waitUntil(lambda: not board.model.highlighted, timeout=WAIT)
    assert len(board.sink.played) == 1
    board.close()


def test_a_restarted_board_shows_the_current_state_and_says_nothing_old(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    for counter in (1, 2, 3, 4, 5):
        hall.open(counter)
    hall.issue(5)
    first = open_board(qtbot, core, pack)
    one, two = hall.next(1), hall.next(2)
    qtbot.waitUntil(lambda: len(first.model.shown) == 2, timeout=WAIT)
    first.close()
    hall.pause(3)
    four = hall.next(4)  # called while no board was up

    second = open_board(qtbot, core, pack)
    counters = {c.number: c for c in second.model.counters()}
    assert [counters[n].ticket for n in (1, 2, 3, 4)] == [one, two, None, four]
    assert [counters[n].phase for n in (3, 5, 6)] == [
        CounterState.PAUSED,
        CounterState.OPEN,
        CounterState.CLOSED,
    ]
    assert second.model.now.ticket == four and not second.model.highlighted
    assert [c.ticket for c in second.model.recent()] == [two, one]
    assert second.model.notices == ("Thông báo đầu tiên",)
    new = hall.next(5)
    qtbot.waitUntil(lambda: len(second.sink.played) == 1, timeout=WAIT)
    assert second.sink.played[0].ticket == new
    assert [c.ticket for c in second.model.shown] == [new]
    second.close()


def test_a_notice_from_the_cli_reaches_the_ticker(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    board = open_board(qtbot, core, pack)
    text = "Hệ thống tạm dừng lúc 11:30 để bảo trì."
    subprocess.run(
        [sys.executable, "-m", "queue_core.cli", "--db", str(core.db_path), "notice", text],
        check=True,
        capture_output=True,
    )
    qtbot.waitUntil(lambda: board.model.notices == (text,), timeout=WAIT)
    board.close()


def test_a_zone_board_shows_and_says_only_its_counters(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    hall.open(1)
    hall.open(5)
    hall.issue(2)
    board = open_board(qtbot, core, pack, zone="tang-2")
    assert [c.number for c in board.model.counters()] == [4, 5, 6]
    hall.next(1)
    ours = hall.next(5)
    qtbot.waitUntil(lambda: len(board.model.shown) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: len(board.sink.played) == 1, timeout=WAIT)
    assert [(c.ticket, c.counter) for c in board.model.shown] == [(ours, 5)]
    assert [(a.ticket, a.counter) for a in board.sink.played] == [(ours, 5)]
    board.close()


def test_a_restarted_core_is_followed_with_no_duplicate_and_no_gap(
    qtbot: QtBot, core: CoreServer, pack: VoicePack
) -> None:
    hall = Hall(core)
    for counter in (1, 2):
        hall.open(counter)
    hall.issue(2)
    board = open_board(qtbot, core, pack)
    start = board.model.last_seq
    called = [hall.next(1)]
    qtbot.waitUntil(lambda: len(board.model.shown) == 1, timeout=WAIT)
    core.kill()
    qtbot.waitUntil(lambda: board.model.connection is ConnectionState.RECONNECTING, timeout=WAIT)
    core.restart()
    called.append(hall.next(2))
    last = hall.seq()
    # the model and the test's recorder each get the event by their own queued slot
    qtbot.waitUntil(lambda: board.model.last_seq == last, timeout=WAIT)
    qtbot.waitUntil(lambda: board.events[-1:] == [last], timeout=WAIT)
    assert board.events == list(range(start + 1, last + 1))
    qtbot.waitUntil(lambda: len(board.sink.played) == 2, timeout=WAIT)
    assert [c.ticket for c in board.model.shown] == called
    assert [a.ticket for a in board.sink.played] == called
    board.close()
