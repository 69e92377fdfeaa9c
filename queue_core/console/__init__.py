"""The supervisor console at ``/console``: server-rendered pages and a little JavaScript.

One module per page, each with its own routes: hall, devices, admin (with its notice and staff
forms), bookings, audit, reports, login; rendering holds what they share.
"""

from fastapi import APIRouter

from queue_core.console import (
    admin,
    audit,
    bookings,
    devices,
    hall,
    login,
    notices,
    rendering,
    reports,
    staff,
)
from queue_core.console.alerts import checker_lifespan

__all__ = ["router"]

router = APIRouter(lifespan=checker_lifespan)
"""Every route of the console; its lifespan runs the checker (alerts, scheduled notices)."""
for page in (rendering, login, hall, devices, admin, bookings, notices, staff, audit, reports):
    router.include_router(page.router)
