"""The province's two routes as the shipper calls them (``GET …/ingest/state``, ``POST …/ingest``)
and their answers read into what the shipper does next. Sync httpx: the shipper has a thread of
its own. The token goes in the Authorization header and nowhere else."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from queue_core import __version__
from queue_core.domain import ProvinceLink
from queue_core.shipping.batches import Batch


class LinkDown(Exception):
    """The province could not be reached, or failed (5xx, an answer not in the contract)."""


@dataclass(frozen=True)
class Acked:
    """200: the province holds the log up to ``seq``."""

    seq: int


@dataclass(frozen=True)
class Gap:
    """409 ``gap``: the batch started past what the province holds; send again from there."""

    acked_seq: int
    message: str


@dataclass(frozen=True)
class TooLarge:
    """413: send fewer events at once."""

    message: str


@dataclass(frozen=True)
class Refused:
    """401 ``unknown_centre``, 403 ``centre_revoked``, or a token that is another centre's:
    nothing more is sent until the token changes."""

    status: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


@dataclass(frozen=True)
class Rejected:
    """Another 4xx (400 ``invalid_batch``): the province will not take this batch as it is."""

    status: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


Answer = Acked | Gap | TooLarge | Refused | Rejected


def _error(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _seq(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _one_line(text: object, longest: int = 300) -> str:
    return " ".join(str(text).split())[:longest]


class ProvinceClient:
    """One keep-alive connection to the province, for one url, centre and token. An ``https``
    province is verified against the system's certificate store (Debian's, where a province's
    own CA is added with ``update-ca-certificates``), not a bundle of Python's own."""

    def __init__(
        self,
        link: ProvinceLink,
        token: str,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.link = link
        self._client = httpx.Client(
            timeout=float(link.timeout_seconds),
            transport=transport,
            verify=ssl.create_default_context() if link.url.startswith("https:") else True,
            follow_redirects=False,
            headers={"Authorization": f"Bearer {token}", "User-Agent": f"luot-core/{__version__}"},
        )

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise LinkDown(_one_line(f"{type(exc).__name__}: {exc}" if str(exc) else
                                     type(exc).__name__)) from None  # fmt: skip

    def _refused_or_down(self, response: httpx.Response) -> Refused | Rejected:
        error = _error(response)
        code = _one_line(error.get("code") or "")
        message = _one_line(error.get("message") or response.reason_phrase)
        if response.status_code in (401, 403):
            return Refused(response.status_code, code, message)
        if 400 <= response.status_code < 500:
            return Rejected(response.status_code, code, message)
        raise LinkDown(f"the province answered {response.status_code} {code or message}".strip())

    def state(self) -> int | Refused:
        """How far the province holds this centre's log."""
        response = self._call("GET", self.link.state_url)
        if response.status_code != 200:
            answer = self._refused_or_down(response)
            if isinstance(answer, Rejected):
                raise LinkDown(f"the province's state answered {answer}")
            return answer
        try:
            body = response.json()
        except ValueError:
            raise LinkDown("the province's state is not JSON") from None
        acked = _seq(body.get("acked_seq")) if isinstance(body, dict) else None
        if acked is None:
            raise LinkDown("the province's state has no acked_seq")
        centre = body.get("centre")
        if centre is not None and centre != self.link.centre:
            return Refused(
                response.status_code,
                "wrong_centre",
                f"the token is centre {_one_line(centre, 100)!r}'s at the province, "
                f"not {self.link.centre!r}'s",
            )
        return acked

    def ingest(self, batch: Batch) -> Answer:
        """Send one batch; what the province made of it."""
        response = self._call(
            "POST",
            self.link.ingest_url,
            content=batch.body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        status = response.status_code
        if status == 200:
            try:
                acked = _seq(response.json().get("acked_seq"))
            except (ValueError, AttributeError):
                acked = None
            if acked is None:
                raise LinkDown("the province's answer to a batch has no acked_seq")
            return Acked(acked)
        error = _error(response)
        if status == 409 and error.get("code") == "gap":
            acked = _seq(error.get("acked_seq"))
            if acked is None:
                raise LinkDown("the province's gap answer has no acked_seq")
            return Gap(acked, _one_line(error.get("message") or "gap"))
        if status == 413:
            return TooLarge(_one_line(error.get("message") or "batch_too_large"))
        return self._refused_or_down(response)
