"""The site file's ``[appointments]`` section: the margins of an arrival and, per service that
takes them, its days, windows, slot length and the share kept for walk-ins."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from queue_core.config.sections import HoursModel, Strict
from queue_core.domain.appointments import AppointmentRules, AppointmentService


class AppointmentServiceModel(Strict):
    """``[appointments.services.<service id>]``: this service takes appointments."""

    days: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    windows: list[str] = Field(default_factory=lambda: ["08:00-11:00", "14:00-16:30"], min_length=1)
    slot_minutes: Annotated[int, Field(ge=5, le=120)] = 15
    walk_in_reserve: Annotated[float, Field(ge=0, lt=1)] = 0.5

    @field_validator("windows")
    @classmethod
    def _windows(cls, windows: list[str]) -> list[str]:
        return HoursModel._periods(windows)

    @field_validator("days")
    @classmethod
    def _days(cls, days: list[str]) -> list[str]:
        return HoursModel._known_days(days)

    def to_domain(self, service_id: str) -> AppointmentService:
        hours = HoursModel(days=self.days, periods=self.windows).to_domain()
        return AppointmentService(
            service_id, hours.periods, self.slot_minutes, self.walk_in_reserve, hours.weekdays
        )


class AppointmentsModel(Strict):
    early_minutes: Annotated[int, Field(ge=0, le=240)] = 30
    grace_minutes: Annotated[int, Field(ge=0, le=120)] = 10
    days_ahead: Annotated[int, Field(ge=0, le=90)] = 14
    call_ahead_minutes: Annotated[int, Field(ge=0, le=30)] = 0
    services: dict[str, AppointmentServiceModel] = Field(default_factory=dict)

    def to_domain(self) -> AppointmentRules:
        return AppointmentRules(
            tuple(model.to_domain(sid) for sid, model in self.services.items()),
            self.early_minutes,
            self.grace_minutes,
            self.days_ahead,
            self.call_ahead_minutes,
        )
