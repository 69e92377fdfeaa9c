"""`luot-core init` and `import`: a site file into the database (and, at init, the core's own
TLS key and certificate beside it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, acting_at, command, open_store, operator
from queue_core.config import SAMPLE_SITE, load_logo, load_site
from queue_core.tls import CertFolder, grouped


def cmd_init(args: argparse.Namespace) -> None:
    site_path = Path(args.site) if args.site else SAMPLE_SITE
    site, text = load_site(site_path)
    if Path(args.db).parent != Path():
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    logo = load_logo(site_path, site)
    store = open_store(args, must_exist=False)
    store.import_site(text, acting_at(args), str(site_path), logo, operator())
    print(
        f"{args.db}: {site.name} — {len(site.agencies)} agencies, {len(site.services)} services, "
        f"{len(site.counters)} counters"
    )
    cert, made = CertFolder.beside(Path(args.db)).ensure(site.id)
    print(f"{cert.path}: {'made' if made else 'kept'}, sha256 {grouped(cert.sha256)} …")


def cmd_import(args: argparse.Namespace) -> None:
    site, text = load_site(args.site)
    logo = load_logo(args.site, site)
    store = open_store(args)
    store.import_site(text, acting_at(args), args.site, logo, operator())
    print(f"{args.db}: imported {args.site} ({site.name})")


def add_commands(commands: Commands) -> None:
    p = command(
        commands, "init", cmd_init, "create the database from a site file (the sample site if none)"
    )
    p.add_argument("site", nargs="?", help="the site file (TOML)")
    p = command(commands, "import", cmd_import, "update the database from a site file (idempotent)")
    p.add_argument("site", help="the site file (TOML)")
