"""The provincial console at ``/province``: server-rendered pages (Jinja2), one stylesheet and one
small script, for the province's own staff (a viewer reads, an admin also adds centres and
staff): the overview of every centre, the alerts, reports across centres with charts and
downloads, a drill-down to one centre, the administration and the audit log.

One module per page, each with its own routes; ``rendering`` holds what they share, ``auth``
who is at the console, ``live`` and ``report`` what they read.
"""

from fastapi import APIRouter

from province.console import admin, audit, centre, login, overview, rendering, reports
from province.console.settings import ConsoleSettings

__all__ = ["ConsoleSettings", "router"]

router = APIRouter()
"""Every route of the console."""
for page in (rendering, login, overview, centre, reports, admin, audit):
    router.include_router(page.router)
