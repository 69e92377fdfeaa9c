"""Writes a report's files all or none: every path checked first, then each file written
beside its place and moved into it only when all are written."""

from __future__ import annotations

import os
from pathlib import Path


class OutputError(Exception):
    """A file that cannot be written, said in one line."""


def check_file(path: Path) -> None:
    if path.is_dir():
        raise OutputError(f"{path} is a folder, not a file")
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: there is no folder {path.parent}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write {path}: permission denied")


def check_folder(path: Path) -> None:
    """A folder that exists and takes files, or one that can be made in an existing folder."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file, not a folder")
    if not path.exists() and not path.parent.is_dir():
        raise OutputError(f"cannot make the folder {path}: there is no folder {path.parent}")
    if not os.access(path if path.exists() else path.parent, os.W_OK):
        raise OutputError(f"cannot write into {path}: permission denied")


def write_all(files: dict[Path, bytes]) -> None:
    """Every file or, on the first failure, none of them (and no folder made for them)."""
    made = sorted({p.parent for p in files if not p.parent.exists()})
    written: dict[Path, Path] = {}
    try:
        for folder in made:
            folder.mkdir()
        for path, data in files.items():
            temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
            written[path] = temporary
            temporary.write_bytes(data)
        for path, temporary in written.items():
            os.replace(temporary, path)
    except OSError as exc:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise OutputError(f"cannot write {exc.filename or 'a file'}: {exc.strerror}") from exc
