"""`luot-core status`: services, waiting and counters now, as a table or JSON."""

from __future__ import annotations

import argparse

from queue_core.cli.common import Commands, acting_at, clip, command, open_store, show
from queue_core.dossiers import service as dossier_service
from queue_core.shapes import counter_json, services_json, today_figures


def cmd_status(args: argparse.Namespace) -> None:
    store = open_store(args)
    now = acting_at(args)
    site = store.site
    agencies = services_json(store, now)
    counters = [counter_json(store, s) for s in store.counter_statuses()]
    figures = today_figures(store, site.business_day(now))
    if args.json:
        show(
            args,
            {
                "site": {"id": site.id, "name": site.name},
                "agencies": agencies,
                "counters": counters,
                "today": figures,
                "seq": store.last_seq(),
            },
            "",
        )
        return
    print(f"{site.name} — {site.local(now):%d/%m/%Y %H:%M}   seq {store.last_seq()}")
    print(
        f"today: {figures['issued']} issued, {figures['served']} served, "
        f"{figures['waiting']} waiting"
    )
    print(f"\n{'SERVICE':<58} {'WAITING':>7} {'EST':>5}  STATE")
    for agency in agencies:
        print(f"{agency['name']}")
        for s in agency["services"]:
            state = "open" if s["available"] else s["reason"]
            print(
                f"  {clip(s['name'], 56):<56} {s['waiting']:>7} {s['estimate_minutes']:>4}m"
                f"  {state}"
            )
    pull = dossier_service.pull_status(store)
    if pull.last_success or pull.last_error:
        print(
            f"dossiers: last pull {pull.last_success or 'never'}"
            + (f"; last error {pull.last_error}" if pull.last_error else "")
        )
    print(f"\n{'COUNTER':<46} {'STATE':<7} {'TICKET':<8} STAFF")
    for c in counters:
        ticket = c["ticket"]
        shown = f"{ticket['number']}" if ticket else "—"
        print(
            f"{c['number']:>3} {clip(c['name'], 42):<42} {c['state']:<7} {shown:<8} "
            f"{c['staff'] or ''}"
        )


def add_commands(commands: Commands) -> None:
    command(
        commands, "status", cmd_status, "services, waiting and counters, as a table", json_flag=True
    )
