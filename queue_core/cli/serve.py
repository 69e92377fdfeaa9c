"""`luot-core serve`: the HTTP + WebSocket API on the LAN, over TLS with the core's own certificate
(plain HTTP on loopback, or when asked), on the wall clock or a simulated one; and `luot-core
cert`: that certificate, shown and rotated."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from queue_core import clock
from queue_core.cli.common import Commands, acting_at, command, open_store, show
from queue_core.errors import TlsError, UsageError
from queue_core.store import Store, list_devices
from queue_core.tls import CertFolder, CoreCertificate, grouped, is_loopback

log = logging.getLogger("luot.cli.serve")

PLAIN_HTTP_WARNING = (
    "SERVING PLAIN HTTP ON %s:%d (--plain-http): device tokens, staff PINs and every call cross "
    "the LAN unencrypted, and any machine on it can pose as the core; use this only on a network "
    "that carries nothing else"
)


def cmd_serve(args: argparse.Namespace) -> None:
    from queue_core.api.connections import REQUEST_SECONDS, RequestLimits
    from queue_core.api.public import PublicPort
    from queue_core.api.server import run

    store = open_store(args)  # a clear message when there is no database
    site_id = store.site.id
    store.close()
    if args.at is not None or args.speed != 1.0:
        if args.speed <= 0:
            raise UsageError("--speed must be positive")
        clock.use(clock.simulated_clock(acting_at(args), args.speed))
    public = None
    if args.public_port is not None:
        public = PublicPort(args.public_port, tuple(args.public_proxy or ()))
    elif args.public_proxy:
        raise UsageError("--public-proxy names the proxy in front of --public-port; give both")
    seconds = REQUEST_SECONDS if args.request_seconds is None else args.request_seconds
    if not 0 < seconds <= 300:
        raise UsageError("--request-seconds must be more than 0 and at most 300")
    limits = RequestLimits(seconds=seconds)
    tls = serving_tls(args, site_id)
    run(
        Path(args.db),
        args.host,
        args.port,
        mdns=not args.no_mdns,
        tls=tls,
        public=public,
        limits=limits,
    )


def serving_tls(args: argparse.Namespace, site_id: str) -> CertFolder | None:
    """The folder of the certificate to serve with, made when missing; None: plain HTTP, which
    only a loopback address or ``--plain-http`` (with a loud warning) gets. Never plain on the
    LAN because the certificate could not be made or read: that is refused."""
    if args.tls and args.plain_http:
        raise UsageError("--tls and --plain-http ask for opposite things; give one")
    loopback = is_loopback(args.host)
    if args.plain_http:
        if not loopback:
            log.warning(PLAIN_HTTP_WARNING, args.host, args.port)
        return None
    if loopback and not args.tls:
        return None
    folder = CertFolder.beside(Path(args.db))
    try:
        cert, made = folder.ensure(site_id)
    except TlsError as problem:
        raise UsageError(
            f"{problem.message}; the core will not serve plain HTTP on {args.host} unless "
            "told to (--plain-http)"
        ) from None
    if made:  # an installation from before TLS: its devices learn the certificate at next start
        log.warning(
            "no TLS certificate beside the database: made %s (sha256 %s)",
            cert.path,
            grouped(cert.sha256),
        )
    return folder


def _paired(store: Store) -> dict[int, str]:
    """The devices whose token works: each must learn the next certificate before the switch."""
    return {d.id: d.name for d in list_devices(store.conn) if d.revoked_at is None}


def _described(cert: CoreCertificate) -> str:
    return f"sha256 {grouped(cert.sha256)} … ({cert.sha256})"


def cmd_cert(args: argparse.Namespace) -> None:
    store = open_store(args)
    folder = CertFolder.beside(Path(args.db))
    if args.action == "rotate":
        if args.finish:
            made = folder.finish(acting_at(args), _paired(store), force=args.force)
            show(
                args,
                {"cert_sha256": made.sha256},
                f"{made.path}: now the core's certificate, {_described(made)}; a running core "
                "serves it within seconds and paired devices go on trusting it",
            )
            return
        if args.force:
            raise UsageError("--force goes with --finish")
        made = folder.rotate(store.site.id)
        show(
            args,
            {"next_sha256": made.sha256},
            f"{made.path}: the next certificate, {_described(made)}; the running core announces "
            "it and the apps learn it within 5 minutes, then: luot-core cert rotate --finish",
        )
        return
    if args.finish or args.force:
        raise UsageError("--finish and --force go with `cert rotate`")
    show_certificates(args, store, folder)


def show_certificates(args: argparse.Namespace, store: Store, folder: CertFolder) -> None:
    current, upcoming = folder.current(), folder.next()
    paired = _paired(store)
    learned = set() if upcoming is None else folder.learned(upcoming.sha256) & set(paired)
    data: dict[str, Any] = {
        "folder": str(folder.folder),
        "cert_sha256": None if current is None else current.sha256,
        "next_sha256": None if upcoming is None else upcoming.sha256,
        "next_made_at": None if upcoming is None else upcoming.made_at.isoformat(),
        "learned": sorted(learned),
        "not_learned": sorted(set(paired) - learned) if upcoming is not None else [],
    }
    if current is None:
        lines = [f"{folder.folder}: no certificate yet; `luot-core serve` on the LAN makes one"]
    else:
        lines = [f"{current.path}: {_described(current)}"]
    if upcoming is not None:
        lines.append(
            f"{upcoming.path}: next, {_described(upcoming)}, made "
            f"{upcoming.made_at:%Y-%m-%d %H:%M} UTC; learned by {len(learned)} of "
            f"{len(paired)} paired devices"
        )
        lines += [f"  not yet: {paired[i]!r} ({i})" for i in data["not_learned"]]
    show(args, data, "\n".join(lines))


def add_commands(commands: Commands) -> None:
    p = command(commands, "serve", cmd_serve, "serve the HTTP + WebSocket API on the LAN, over TLS")
    p.add_argument("--host", default="0.0.0.0", help="the address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=8470, help="the port (default 8470)")
    p.add_argument("--no-mdns", action="store_true", help="do not advertise on mDNS/DNS-SD")
    p.add_argument(
        "--tls",
        action="store_true",
        help="speak TLS on a loopback address too (on any other it always does)",
    )
    p.add_argument(
        "--plain-http",
        action="store_true",
        help="speak plain HTTP even on the LAN: tokens and PINs then cross it unencrypted",
    )
    p.add_argument(
        "--public-port",
        type=int,
        metavar="PORT",
        help="also serve the citizens' pages (/t/, /d/, /book) alone, plain, on this port",
    )
    p.add_argument(
        "--public-proxy",
        action="append",
        metavar="ADDRESS",
        help="the reverse proxy in front of --public-port, whose X-Forwarded-For is believed "
        "(repeatable)",
    )
    p.add_argument(
        "--request-seconds",
        type=float,
        metavar="S",
        help="how long a client may take to send a whole request, from its connection or the "
        "request's first byte; slower ones are cut off (default 10)",
    )
    p.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="run the core's clock this many times faster, from --at (simulations and demos)",
    )
    p = command(
        commands,
        "cert",
        cmd_cert,
        "the core's TLS certificate: show it, or rotate it to a next one",
        json_flag=True,
    )
    p.add_argument("action", nargs="?", choices=["show", "rotate"], default="show")
    p.add_argument(
        "--finish",
        action="store_true",
        help="with rotate: the next certificate becomes the core's, once every paired device "
        "has learned it",
    )
    p.add_argument(
        "--force", action="store_true", help="with --finish: switch even before they have"
    )
