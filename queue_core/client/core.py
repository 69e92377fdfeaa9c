"""CoreClient: one typed async method per row of the v1 contract, over httpx.

This is the only code in the project that speaks HTTP to the core. httpx's
errors are translated here, in ``_request``, and nowhere else: callers see
CoreUnavailable (CoreNotTrusted when the core's certificate is not the pinned one),
CoreRefused or CoreFault (see ``errors``).
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Mapping
from datetime import date
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from queue_core.client.errors import (
    CoreError,
    CoreFault,
    CoreNotTrusted,
    CoreRefused,
    CoreUnavailable,
    refusal,
)
from queue_core.client.events import Backoff, EventStream, StateCallback
from queue_core.client.models import (
    AgencyInfo,
    Board,
    CheckInAnswer,
    CoreCertificates,
    CounterInfo,
    DossierFigures,
    DossierInfo,
    Health,
    Heartbeat,
    Pairing,
    Session,
    Stats,
    TextsAsked,
    TicketInfo,
)
from queue_core.client.tls import Trust, is_tls, short
from queue_core.domain import Position

__all__ = ["API_PATH", "CoreClient"]

API_PATH = "/api/v1"
T = TypeVar("T")
_UNAVAILABLE_STATUSES = {502, 503, 504}


def _root(base_url: str) -> str:
    """The core's root URL: ``http://host:port`` (a trailing ``/api/v1`` is accepted)."""
    root = base_url.rstrip("/")
    return root.removesuffix(API_PATH).rstrip("/")


def _ws_root(root: str) -> str:
    if root.startswith("https://"):
        return "wss://" + root.removeprefix("https://")
    return "ws://" + root.removeprefix("http://")


class CoreClient:
    """An async client of one core. Use ``async with CoreClient(url) as core:`` or ``aclose()``.

    ``token`` (a device token from ``pair`` or a clerk's from ``login``) is sent as
    ``Authorization: Bearer <token>``; set ``client.token`` to change it.

    ``trust``: for an ``https://`` core, the certificates pinned at pairing (``client.tls``);
    the HTTP calls and the event stream accept no other, and a core showing another is
    CoreNotTrusted before anything is sent. Without it an https core is checked against the
    system's certificate authorities, which a core's own certificate is not signed by.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 10.0,
        backoff: Backoff | None = None,
        trust: Trust | None = None,
    ) -> None:
        self.base_url = _root(base_url)
        self.token = token
        self.backoff = backoff or Backoff()
        self._timeout = timeout
        self._use(trust or Trust())
        self._http = self._new_http()

    def _use(self, trust: Trust) -> None:
        self.trust = trust
        tls = is_tls(self.base_url) and bool(trust)
        self._ssl: ssl.SSLContext | None = trust.context() if tls else None

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url + API_PATH,
            timeout=httpx.Timeout(self._timeout),
            trust_env=False,  # a core is on the LAN: never through the environment's proxy
            headers={"Accept": "application/json"},
            verify=self._ssl or True,
        )

    async def use_trust(self, trust: Trust) -> None:
        """Trust these certificates from now on (a rotation's next one learned): the calls
        made from now, and the event stream's next connection, accept only them."""
        self._use(trust)
        old, self._http = self._http, self._new_http()
        await old.aclose()

    async def __aenter__(self) -> CoreClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- the boundary -------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {} if self.token is None else {"Authorization": f"Bearer {self.token}"}

    async def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; every httpx error and every non-2xx answer becomes a CoreError.
        ``headers``: instead of the client's (its token)."""
        try:
            response = await self._http.request(
                method,
                path,
                json=body,
                params=params,
                headers=self._headers() if headers is None else headers,
            )
        except httpx.TimeoutException as exc:
            raise CoreUnavailable(f"the core at {self.base_url} did not answer in time") from exc
        except httpx.UnsupportedProtocol as exc:
            raise CoreError(f"{self.base_url} is not an http:// or https:// URL") from exc
        except httpx.ConnectError as exc:
            if _certificate_refused(exc):
                raise self._not_trusted() from exc
            raise CoreUnavailable(f"the core at {self.base_url} cannot be reached: {exc}") from exc
        except httpx.TransportError as exc:
            raise CoreUnavailable(f"the core at {self.base_url} cannot be reached: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise CoreError(f"{self.base_url}{API_PATH}{path} is not a valid URL") from exc
        return self._checked(response)

    def _not_trusted(self) -> CoreNotTrusted:
        if self.trust:
            return self.trust.refusal(self.base_url)
        return CoreNotTrusted(
            f"the core at {self.base_url} shows a certificate this device has not learned: "
            "pair it (its first contact learns the core's certificate)"
        )

    def _checked(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status < 300:
            return response
        what = f"{response.request.method} {response.request.url.path}"
        if status in _UNAVAILABLE_STATUSES:
            raise CoreUnavailable(f"{what}: the core is unavailable (HTTP {status})", status)
        if 400 <= status < 500:
            raise refusal(status, response.content)
        raise CoreFault(f"{what}: HTTP {status}: {response.text[:200]}", status)

    async def _json(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> T:
        response = await self._request(method, path, body, params)
        return parse(_decode(response))

    # --- anyone -------------------------------------------------------------------------

    async def health(self) -> Health:
        return await self._json("GET", "/health", Health.from_json)

    async def services(self) -> list[AgencyInfo]:
        """Agencies with their services: waiting, estimate, and whether they take tickets now."""
        return await self._json("GET", "/services", _list_of(AgencyInfo.from_json, "agencies"))

    async def counters(self) -> list[CounterInfo]:
        return await self._json("GET", "/counters", _list_of(CounterInfo.from_json, "counters"))

    async def board(self) -> Board:
        return await self._json("GET", "/board", Board.from_json)

    async def site_logo(self) -> bytes | None:
        """The centre's logo for the boards (PNG or SVG bytes), or None when it has none."""
        try:
            response = await self._request("GET", "/site/logo")
        except CoreRefused as refused:
            if refused.status == 404:
                return None
            raise
        return response.content

    async def dossier_figures(self) -> DossierFigures:
        """This month's dossiers per agency: received, resolved, on time, codes ready."""
        return await self._json("GET", "/dossiers", DossierFigures.from_json)

    def subscribe(
        self,
        since: int = 0,
        *,
        on_state: StateCallback | None = None,
        token: str | None = None,
    ) -> EventStream:
        """Every event after ``since``, in order, then live; resumes by itself after drops.

        The stream wants a device's token or a staff session: ``token`` when given (a
        device's own, where the client acts for a clerk), else the client's."""
        credential = token or self.token
        headers = {} if credential is None else {"Authorization": f"Bearer {credential}"}
        return EventStream(
            _ws_root(self.base_url) + API_PATH + "/events",
            since,
            headers=headers,
            backoff=self.backoff,
            on_state=on_state,
            open_timeout=self._timeout,
            ssl_context=lambda: self._ssl,  # at each connection: the trust may have grown
            not_trusted=self._not_trusted,
        )

    async def dossier(self, code: str) -> DossierInfo:
        """A dossier's public answer (holder masked); unknown and malformed codes alike
        raise CoreRefused ``unknown_dossier`` (404), too many lookups ``too_many_lookups``."""
        return await self._json("GET", f"/dossiers/{quote(code, safe='')}", DossierInfo.from_json)

    # --- devices ------------------------------------------------------------------------

    async def pair(self, code: str, name: str) -> Pairing:
        """Pair this device with a code from ``luot-core pair``; keep the token it returns, and
        for an https core the certificate this client trusts, which the answer names."""
        body = {"code": code, "name": name}
        pairing = await self._json("POST", "/pair", Pairing.from_json, body)
        if self._ssl is not None and pairing.cert_sha256 not in self.trust.fingerprints:
            named = short(pairing.cert_sha256) if pairing.cert_sha256 else "none"
            raise CoreNotTrusted(
                f"the core at {self.base_url} paired this device but names certificate {named}, "
                "not the one it showed: pair again"
            )
        return pairing

    async def certificates(self, *, token: str | None = None) -> CoreCertificates:
        """The core's certificate and the next one a rotation announces: ask over the pinned
        channel, then keep ``self.trust.learned(answer)``. With a device token (``token``, a
        device's own where the client acts for a clerk, else the client's), the core counts
        this device as having learned the next one."""
        credential = token or self.token
        bearer = {} if credential is None else {"Authorization": f"Bearer {credential}"}
        response = await self._request("GET", "/tls", headers=bearer)
        return CoreCertificates.from_json(_decode(response))

    async def heartbeat(
        self,
        version: str | None = None,
        uptime_seconds: int | None = None,
        printer: str | None = None,
        *,
        token: str | None = None,
    ) -> Heartbeat:
        """This device is alive (device token: ``token``, a device's own where the client acts
        for a clerk, else the client's): its version, uptime and printer status (e.g. ``ok``,
        ``paper_out``, ``offline``; None for a device without one); feeds the console's device
        list."""
        body = {"version": version, "uptime_seconds": uptime_seconds, "printer": printer}
        credential = token or self.token
        bearer = {} if credential is None else {"Authorization": f"Bearer {credential}"}
        response = await self._request("POST", "/devices/heartbeat", body, headers=bearer)
        return Heartbeat.from_json(_decode(response))

    # --- tickets ------------------------------------------------------------------------

    async def check_in(self, code: str, lang: str = "vi") -> CheckInAnswer:
        """A booked holder at the kiosk (kiosk token): on time, their ticket is issued (durable
        before this returns); else when to come back, or that the booking is missed. An
        unknown code raises CoreRefused ``unknown_booking``, one used ``booking_closed``."""
        body = {"code": code, "lang": lang}
        return await self._json("POST", "/bookings/check-in", CheckInAnswer.from_json, body)

    async def issue_ticket(
        self,
        service: str,
        *,
        priority: bool = False,
        priority_kind: str | None = None,
        channel: str = "kiosk",
        lang: str = "vi",
    ) -> TicketInfo:
        """Issue a ticket (kiosk token). The number is durable before this returns."""
        body: dict[str, Any] = {
            "service": service,
            "priority": priority or priority_kind is not None,
            "channel": channel,
            "lang": lang,
        }
        if priority_kind is not None:
            body["priority_kind"] = priority_kind
        return await self._json("POST", "/tickets", TicketInfo.from_json, body)

    async def ticket(self, ticket_id: int, *, public_token: str | None = None) -> TicketInfo:
        """A ticket with live ``ahead`` and estimate: as staff, or by its public token."""
        params = None if public_token is None else {"t": public_token}
        return await self._json("GET", f"/tickets/{ticket_id}", TicketInfo.from_json, None, params)

    async def ask_texts(
        self, ticket_id: int, phone: str, lang: str = "vi", *, consent: bool
    ) -> TextsAsked:
        """Text the ticket's holder at ``phone`` near their turn and when called (a kiosk, or
        the clerk at the ticket's counter); ``consent``: the citizen agreed to the sentence
        shown. CoreRefused ``invalid_phone``, ``consent_required``, ``sms_off``…"""
        body = {"phone": phone, "consent": consent, "lang": lang}
        return await self._json("POST", f"/tickets/{ticket_id}/sms", TextsAsked.from_json, body)

    async def rate(self, ticket_id: int, score: int, reason: str | None = None) -> TicketInfo:
        """The citizen's rating of a finished ticket, once, soon after: with the token of the
        display paired to the counter that served it."""
        body: dict[str, Any] = {"score": score}
        if reason is not None:
            body["reason"] = reason
        return await self._json("POST", f"/tickets/{ticket_id}/rating", TicketInfo.from_json, body)

    # --- a clerk's session --------------------------------------------------------------

    async def login(self, username: str, pin: str, counter: int | None) -> Session:
        """Open a clerk's session at a counter; use its token for the counter's calls."""
        body = {"username": username, "pin": pin, "counter": counter}
        return await self._json("POST", "/session", Session.from_json, body)

    async def logout(self) -> None:
        """End the session whose token this client carries."""
        await self._request("DELETE", "/session")

    # --- a counter (clerk session at that counter) --------------------------------------

    async def call_next(self, counter: int) -> TicketInfo | None:
        """Call the next ticket by the calling policy; None when nobody waits (204)."""
        response = await self._request("POST", f"/counters/{counter}/next")
        if response.status_code == 204:
            return None
        return TicketInfo.from_json(_decode(response))

    async def _ticket_action(
        self, counter: int, action: str, body: Mapping[str, Any] | None = None
    ) -> TicketInfo:
        return await self._json("POST", f"/counters/{counter}/{action}", TicketInfo.from_json, body)

    async def recall(self, counter: int) -> TicketInfo:
        return await self._ticket_action(counter, "recall")

    async def start(self, counter: int) -> TicketInfo:
        return await self._ticket_action(counter, "start")

    async def finish(self, counter: int) -> TicketInfo:
        return await self._ticket_action(counter, "finish")

    async def no_show(self, counter: int) -> TicketInfo:
        return await self._ticket_action(counter, "no-show")

    async def call_ticket(self, counter: int, ticket_id: int, reason: str) -> TicketInfo:
        """Call one chosen waiting ticket out of turn; the reason is kept in the event."""
        return await self._ticket_action(counter, "call", {"ticket": ticket_id, "reason": reason})

    async def transfer(
        self,
        counter: int,
        *,
        service: str | None = None,
        to_counter: int | None = None,
        position: Position | None = None,
    ) -> TicketInfo:
        """Send the counter's ticket to another service or to one counter; ``position``
        BACK puts it at the back of that queue (default: the core's, keeping its place)."""
        if (service is None) == (to_counter is None):
            raise ValueError("transfer to a service or to a counter, not both or neither")
        body: dict[str, Any] = {} if position is None else {"position": position.value}
        if service is not None:
            body["service"] = service
        else:
            body["counter"] = to_counter
        return await self._ticket_action(counter, "transfer", body)

    async def _counter_action(self, counter: int, action: str) -> CounterInfo:
        return await self._json("POST", f"/counters/{counter}/{action}", CounterInfo.from_json)

    async def open_counter(self, counter: int) -> CounterInfo:
        return await self._counter_action(counter, "open")

    async def pause_counter(self, counter: int) -> CounterInfo:
        return await self._counter_action(counter, "pause")

    async def close_counter(self, counter: int) -> CounterInfo:
        return await self._counter_action(counter, "close")

    # --- supervisor ---------------------------------------------------------------------

    async def stats(self, start: date, end: date, by: str = "service") -> Stats:
        """Figures from ``start`` to ``end`` by service, counter or staff (supervisor)."""
        params = {"from": start.isoformat(), "to": end.isoformat(), "by": by}
        return await self._json("GET", "/stats", Stats.from_json, None, params)


def _certificate_refused(exc: BaseException) -> bool:
    """Whether a failed connection is the TLS handshake refusing the core's certificate."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _decode(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as exc:
        raise CoreFault(
            f"{response.request.method} {response.request.url.path}: the answer is not JSON"
        ) from exc


def _list_of(parse: Callable[[object, str], T], key: str) -> Callable[[Any], list[T]]:
    """A parser for a JSON list, or for an object holding the list under ``key``."""

    def parse_list(data: Any) -> list[T]:
        if isinstance(data, dict) and isinstance(data.get(key), list):
            data = data[key]
        if not isinstance(data, list):
            raise CoreFault(f"expected a list of {key}, got {type(data).__name__}")
        return [parse(item, f"{key}[{i}]") for i, item in enumerate(data)]

    return parse_list
