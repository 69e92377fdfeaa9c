"""The REST row by which a citizen asks to be texted near their turn: the kiosk that gave the
ticket, or a clerk at the counter, sends the number with the citizen's consent."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Request
from pydantic import Field
from starlette.responses import JSONResponse

from queue_core.api.access import Bearer, TicketId, api_router, bearer, json, runtime_of
from queue_core.api.models import Body, Text
from queue_core.domain import DomainError, NotFound, TicketStatus
from queue_core.domain.sms import SmsSettings, mask_phone, phone_number
from queue_core.errors import AccessDenied, Conflict
from queue_core.store import DeviceRole, Principal, Store, ask_for_texts, authenticate

router = api_router()


class TextsRequest(Body):
    phone: Annotated[Text, Field(min_length=1, max_length=24)]
    consent: bool = Field(
        description="the citizen agreed to the consent sentence shown with the keypad"
    )
    lang: Literal["vi", "en"] = "vi"


def _asked_by(principal: Principal, ticket_counter: int | None) -> str:
    if principal.kind == "device":
        if principal.device_role is not DeviceRole.KIOSK:
            raise AccessDenied("not_allowed", "Only a kiosk or a clerk asks for texts.")
        return f"kiosk:{principal.device_id}"
    if not principal.is_supervisor and principal.counter != ticket_counter:
        raise AccessDenied(
            "wrong_counter", "A clerk adds a number only for the ticket at their own counter."
        )
    return f"staff:{principal.username}"


@router.post(
    "/tickets/{ticket_id}/sms",
    status_code=201,
    summary="text this ticket's holder near their turn and when called (kiosk or clerk)",
)
async def ask_texts(
    request: Request, ticket_id: TicketId, body: TextsRequest, authorization: Bearer = None
) -> JSONResponse:
    runtime = runtime_of(request)
    token = bearer(authorization)

    def work(store: Store, now: datetime) -> dict[str, Any]:
        principal = authenticate(store.conn, token, now)
        settings = store.site.extra.get("sms")
        if not isinstance(settings, SmsSettings):
            raise Conflict("sms_off", "This centre sends no texts (no [sms] in its site file).")
        if not body.consent:
            raise DomainError(
                "consent_required", "The citizen has not agreed to be texted.", "consent"
            )
        phone = phone_number(body.phone)
        ticket = store.ticket(ticket_id)
        if ticket is None:
            raise NotFound("unknown_ticket", f"No ticket {ticket_id}.")
        asked_by = _asked_by(principal, ticket.counter)
        if ticket.status not in (TicketStatus.WAITING, TicketStatus.CALLED):
            raise Conflict("ticket_done", f"Ticket {ticket.number} is past its call.")
        ask_for_texts(store.conn, ticket.id, ticket.business_day, phone, body.lang, asked_by, now)
        return {"ticket_id": ticket.id, "phone": mask_phone(phone), "near": settings.near}

    answer = await runtime.writer.transaction(work)
    if runtime.notifier is not None:
        runtime.notifier.asked()
    return json(answer, 201)
