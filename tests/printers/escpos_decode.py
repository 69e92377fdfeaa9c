"""A small ESC/POS decoder for the commands printers sends: the bytes back to a raster."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

INIT = b"\x1b@"


@dataclass
class Decoded:
    """What a printer would make of the bytes: commands in order, and the raster printed."""

    commands: list[str] = field(default_factory=list)
    bands: list[Image.Image] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)

    @property
    def raster(self) -> Image.Image:
        """The bands stacked top to bottom, as a mode "1" image (black = printed dot)."""
        if not self.bands:
            raise ValueError("no raster in the data")
        widths = {band.width for band in self.bands}
        if len(widths) != 1:
            raise ValueError(f"bands of different widths: {sorted(widths)}")
        image = Image.new("1", (self.bands[0].width, sum(b.height for b in self.bands)), 255)
        y = 0
        for band in self.bands:
            image.paste(band, (0, y))
            y += band.height
        return image


def _band(width_bytes: int, height: int, data: bytes) -> Image.Image:
    # GS v 0 sends a 1 bit for a printed dot; mode "1" keeps 0 for black: invert
    return Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data))


def decode(data: bytes) -> Decoded:
    """Decode ``data``; raises ValueError on any byte that is not one of our commands."""
    out = Decoded()
    i = 0
    while i < len(data):
        if data.startswith(INIT, i):
            out.commands.append("init")
            i += 2
        elif data.startswith(b"\x1dv0", i):
            mode = data[i + 3]
            width_bytes = data[i + 4] | data[i + 5] << 8
            height = data[i + 6] | data[i + 7] << 8
            size = width_bytes * height
            start = i + 8
            if mode != 0 or start + size > len(data):
                raise ValueError(f"bad GS v 0 at {i}: mode {mode}, {size} bytes announced")
            out.bands.append(_band(width_bytes, height, data[start : start + size]))
            out.commands.append(f"raster {width_bytes * 8}x{height}")
            i = start + size
        elif data.startswith(b"\x1bd", i):
            out.commands.append(f"feed {data[i + 2]}")
            i += 3
        elif data.startswith(b"\x1dV", i):
            mode = data[i + 2]
            if mode in (0, 1, 48, 49):
                out.commands.append("cut" if mode in (0, 48) else "partial cut")
                i += 3
            else:  # GS V m n (m = 65, 66): feed n and cut
                out.commands.append("cut" if mode in (65, 97) else "partial cut")
                i += 4
        elif data.startswith(b"\x10\x04", i):
            out.status_queries.append(data[i + 2])
            out.commands.append(f"status {data[i + 2]}")
            i += 3
        else:
            raise ValueError(f"unexpected byte 0x{data[i]:02x} at {i}")
    return out
