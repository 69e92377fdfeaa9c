"""The hall's devices: pairing codes, the paired devices (listed, revoked), the cores on the LAN."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from queue_core.cli.common import Commands, acting_at, clip, command, open_store, operator, show
from queue_core.errors import UsageError
from queue_core.store import (
    Device,
    DeviceRole,
    Store,
    list_devices,
    pairing_code_audited,
    revoke_device_audited,
)


def cmd_pair(args: argparse.Namespace) -> None:
    store = open_store(args)
    role = DeviceRole(args.role)
    if (role is DeviceRole.COUNTER_DISPLAY) != (args.counter is not None):
        raise UsageError(
            "--role counter-display needs --counter N, the counter the display faces (it "
            "rates the tickets served there)"
            if role is DeviceRole.COUNTER_DISPLAY
            else f"--counter is for --role counter-display, not {role.value}"
        )
    if args.counter is not None and store.site.counter(args.counter) is None:
        raise UsageError(f"there is no counter {args.counter} in the site")
    with store.transaction() as conn:
        code, expires = pairing_code_audited(
            conn, operator(), acting_at(args), role, args.name or role.value, args.counter
        )
    expires_text = store.site.local(expires).isoformat(timespec="seconds")
    show(
        args,
        {"code": code, "expires_at": expires_text},
        f"pairing code for a {role.value}: {code} (valid until {expires_text[11:16]}, once)",
    )


def _device_json(store: Store, device: Device) -> dict[str, Any]:
    def when(moment: datetime | None) -> str | None:
        return None if moment is None else store.site.local(moment).isoformat(timespec="seconds")

    return {
        "id": device.id,
        "name": device.name,
        "role": device.role.value,
        "paired_at": when(device.paired_at),
        "revoked_at": when(device.revoked_at),
        "last_seen": when(device.last_seen),
        "version": device.version,
        "uptime_seconds": device.uptime_seconds,
        "printer": device.printer,
        "counter": device.counter,
    }


def cmd_devices(args: argparse.Namespace) -> None:
    store = open_store(args)
    if args.action == "revoke":
        if args.id is None:
            raise UsageError("devices revoke needs the device's id")
        with store.transaction() as conn:
            device = revoke_device_audited(conn, operator(), acting_at(args), args.id)
        print(f"device {device.id} ({device.name}) revoked: its token no longer works")
        return
    devices = [_device_json(store, d) for d in list_devices(store.conn)]
    if args.json:
        show(args, devices, "")
        return
    print(f"{'ID':>4} {'ROLE':<8} {'NAME':<28} {'LAST SEEN':<20} STATE")
    for d in devices:
        state = "revoked" if d["revoked_at"] else "active"
        seen = (d["last_seen"] or "—")[:19].replace("T", " ")
        print(f"{d['id']:>4} {d['role']:<8} {clip(d['name'], 28):<28} {seen:<20} {state}")


def cmd_discover(args: argparse.Namespace) -> None:
    from zeroconf import InterfaceChoice

    from queue_core.discovery import browse_sync

    interfaces = args.interface or InterfaceChoice.All
    cores = browse_sync(args.timeout, args.site, interfaces=interfaces)
    data = [
        {
            "name": c.name,
            "site": c.site_id,
            "url": c.url,
            "addresses": list(c.addresses),
            "port": c.port,
            "txt": dict(c.txt),
        }
        for c in cores
    ]
    if args.json:
        show(args, data, "")
        return
    if not cores:
        print(f"no core answered within {args.timeout:g} s")
    for c in cores:
        print(f"{c.url:<28} {c.site_id:<20} {c.name}")


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
        "pair",
        cmd_pair,
        "print a one-time code (10 minutes) to pair a device",
        json_flag=True,
    )
    p.add_argument("--role", required=True, choices=[r.value for r in DeviceRole])
    p.add_argument("--name", help="the device's name, e.g. 'Kiosk sảnh A'")
    p.add_argument(
        "--counter", type=int, help="the counter a counter display faces (--role counter-display)"
    )
    p = command(
        commands, "devices", cmd_devices, "list paired devices, or revoke one", json_flag=True
    )
    p.add_argument("action", nargs="?", choices=["list", "revoke"], default="list")
    p.add_argument("id", nargs="?", type=int, help="the device to revoke")
    p = command(
        commands,
        "discover",
        cmd_discover,
        "list the cores seen on the LAN (mDNS/DNS-SD)",
        json_flag=True,
    )
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to listen (default 3)")
    p.add_argument("--site", help="only the cores of this site id")
    p.add_argument(
        "--interface",
        action="append",
        metavar="ADDRESS",
        help="listen on this address only (repeatable; default: every interface)",
    )
