"""The preview connection, our dummy printer: preview://DIR gets NAME.png and NAME.escpos."""

from __future__ import annotations

from pathlib import Path

from printers.connections.base import Connection, Deadline, PrintJob
from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["PreviewConnection"]


class PreviewConnection(Connection):
    """Writes each job's image as a PNG and its exact ESC/POS bytes beside it.

    For demos, for a kiosk with no printer yet, and for tests. Always online.
    """

    can_ask = False

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def describe(self) -> str:
        return f"preview {self.directory}"

    def paths(self, job: PrintJob) -> tuple[Path, Path]:
        """Where ``job`` is written: (the PNG, the ESC/POS bytes)."""
        return self.directory / f"{job.name}.png", self.directory / f"{job.name}.escpos"

    def _config(self, error: OSError) -> PrinterError:
        detail = f"cannot write previews to {self.directory}: {error.strerror or error}"
        return PrinterError.from_catalogue(PrinterErrorKind.CONFIG, "err_config", detail=detail)

    def open(self, deadline: Deadline) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise self._config(e) from e

    def send(self, job: PrintJob, stall_timeout: float) -> None:
        png, raw = self.paths(job)
        try:
            job.image.save(png, format="PNG")
            raw.write_bytes(job.data)
        except OSError as e:
            raise self._config(e) from e

    def close(self) -> None:
        pass
