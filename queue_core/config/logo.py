"""The board logo a site file names: a PNG as it is, or an SVG rebuilt from an allow-list of
drawing elements and attributes, so that no script, handler or outside link survives."""

from __future__ import annotations

import re
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# fmt: off
ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle",
        "ellipse", "line", "polyline", "polygon", "text", "tspan", "linearGradient",
        "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "image",
    }
)
"""What a logo is drawn with. Anything else is dropped with all it holds: script, style,
foreignObject (HTML inside the SVG), a, animate and set (which can write an href), filters…"""

TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc"})

ATTRIBUTES = frozenset(
    {
        "id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
        "fr", "width", "height", "d", "points", "transform", "viewBox",
        "preserveAspectRatio", "version", "fill", "fill-opacity", "fill-rule", "stroke",
        "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
        "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "offset",
        "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
        "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
        "patternUnits", "patternContentUnits", "patternTransform", "markerWidth",
        "markerHeight", "markerUnits", "refX", "refY", "orient", "marker-start",
        "marker-mid", "marker-end", "font-family", "font-size", "font-weight",
        "font-style", "text-anchor", "dominant-baseline", "alignment-baseline",
        "baseline-shift", "letter-spacing", "word-spacing", "dx", "dy", "rotate",
        "textLength", "lengthAdjust", "display", "visibility", "overflow", "color", "style",
    }
)
# fmt: on
"""Geometry and paint. No event handler (``on…``); ``href`` only as _href_allowed says."""

# Inside an attribute or a style: a url() may only point into the file itself (url(#grad));
# CSS escapes, @rules and old IE expressions could hide anything else.
_OUTSIDE = re.compile(r"url\s*\(\s*(?!['\"]?#)|\\|@|expression\s*\(|javascript:", re.IGNORECASE)
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")


def is_png(content: bytes) -> bool:
    return content.startswith(b"\x89PNG\r\n\x1a\n")


def looks_like_svg(content: bytes) -> bool:
    return b"<svg" in content[:4096]


def _href_allowed(element: str, value: str) -> bool:
    """A link into the file itself (``use``, a gradient built on another); an ``image`` only
    with its picture inline, as a PNG, JPEG, GIF or WebP."""
    if element == "image":
        return _INLINE_IMAGE.match(value) is not None
    return value.startswith("#")


class _Rebuild:
    """Writes the allowed part of what expat reads, element by element."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[str | None] = []  # each open element's name, None when dropped
        self.dropping = 0  # how many dropped elements we are inside

    def start(self, name: str, attributes: dict[str, str]) -> None:
        space, _, local = name.rpartition(" ")
        allowed = not self.dropping and space in (SVG, "") and local in ELEMENTS
        if not self.stack and not (allowed and local == "svg"):
            raise ValueError("its outermost element is not <svg>")
        if not allowed:
            self.dropping += 1
            self.stack.append(None)
            return
        self.stack.append(local)
        kept = self._attributes(local, attributes)
        if len(self.stack) == 1:
            kept = [("xmlns", SVG), ("xmlns:xlink", XLINK), *kept]
        written = "".join(f" {key}={quoteattr(value)}" for key, value in kept)
        self.out.append(f"<{local}{written}>")

    def _attributes(self, element: str, attributes: dict[str, str]) -> list[tuple[str, str]]:
        kept = []
        for name, value in attributes.items():
            space, _, local = name.rpartition(" ")
            if space == XML and local == "space":
                kept.append(("xml:space", value))
            elif local == "href" and space in (XLINK, ""):
                if _href_allowed(element, value.strip()):
                    kept.append(("xlink:href" if space else "href", value.strip()))
            elif not space and local in ATTRIBUTES and not _OUTSIDE.search(value):
                kept.append((local, value))
        return kept

    def end(self, _name: str) -> None:
        local = self.stack.pop()
        if local is None:
            self.dropping -= 1
        else:
            self.out.append(f"</{local}>")

    def text(self, data: str) -> None:
        if not self.dropping and self.stack and self.stack[-1] in TEXT_ELEMENTS:
            self.out.append(escape(data))


def _no_entities(*_args: object) -> None:
    raise ValueError("it declares entities")


def clean_svg(content: bytes) -> bytes:
    """The SVG drawn by ``content``, rebuilt from ELEMENTS and ATTRIBUTES only; ValueError
    (saying why) when it cannot be read as one. Comments, processing instructions, a DOCTYPE and
    other namespaces (an editor's metadata) are left out; entities are refused outright."""
    rebuild = _Rebuild()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _no_entities
    parser.StartElementHandler = rebuild.start
    parser.EndElementHandler = rebuild.end
    parser.CharacterDataHandler = rebuild.text
    parser.ordered_attributes = False
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise ValueError(f"it is not well-formed XML ({error})") from None
    if not rebuild.out:
        raise ValueError("it holds no <svg> element")
    return "".join(rebuild.out).encode("utf-8")


def usable_logo(content: bytes) -> bytes | None:
    """A logo as it may be served: a PNG as it is, an SVG cleaned, anything else None."""
    if is_png(content):
        return content
    if looks_like_svg(content):
        try:
            return clean_svg(content)
        except ValueError:
            return None
    return None
