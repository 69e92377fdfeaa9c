"""Qt offscreen for every board test; the real core fixture; one voice pack per session."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import core_server  # noqa: F401


@pytest.fixture(scope="session")
def default_pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default voice pack, built once with espeak-ng for the whole session."""
    from hall_board.voice.build import build_default_pack

    folder = tmp_path_factory.mktemp("voice") / "default"
    build_default_pack(folder)
    yield folder
