"""How long the core keeps what says who someone is (the site's ``[retention]``), and what is past
its time on a given business day."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from queue_core.domain.backups import day_start
from queue_core.domain.dossiers import Dossier

HOLDER_NAME_DAYS = 90
"""A dossier's holder name: the 90 days in which its decision may be complained of (Luật Khiếu
nại 2011, art. 9), counted from the last step the e-system reported."""
RATING_REASON_DAYS = 365
"""What a citizen wrote with a rating: a year, so that a year's review of satisfaction reads
them all."""
AUDIT_DAYS = 730
"""Who changed what: two years, the longest time within which an administrative violation may
still be sanctioned (Luật Xử lý vi phạm hành chính, art. 6)."""


@dataclass(frozen=True)
class Retention:
    """The site file's ``[retention]``: whole days each kind is kept after the day it is of."""

    holder_name_days: int = HOLDER_NAME_DAYS
    rating_reason_days: int = RATING_REASON_DAYS
    audit_days: int = AUDIT_DAYS


@dataclass(frozen=True)
class RetentionLimits:
    """The first moment still kept of each kind, on one business day: whatever is of an earlier
    moment is past its time. Kept ``days`` days means kept while its business day is one of the
    ``days`` before today, or today."""

    holder_names: datetime
    rating_reasons: datetime
    rating_reasons_day: date
    """The first business day whose tickets keep their rating's reason."""
    audit: datetime


def retention_limits(
    retention: Retention, today: date, reset_hour: int, zone: tzinfo
) -> RetentionLimits:
    """What is kept on the business day ``today`` (the site's ``day_reset_hour``, time zone)."""

    def first_day(days: int) -> date:
        return today - timedelta(days=days)

    def first_moment(days: int) -> datetime:
        return day_start(first_day(days), reset_hour, zone)

    return RetentionLimits(
        holder_names=first_moment(retention.holder_name_days),
        rating_reasons=first_moment(retention.rating_reason_days),
        rating_reasons_day=first_day(retention.rating_reason_days),
        audit=first_moment(retention.audit_days),
    )


def last_step(dossier: Dossier) -> datetime:
    """The last thing the e-system said happened to a dossier: returned, resolved or received.
    A dossier still open counts from its receipt, so that one never closed loses its name too."""
    return max(t for t in (dossier.received_at, dossier.resolved_at, dossier.returned_at) if t)


def holder_name_kept(dossier: Dossier, kept: RetentionLimits) -> Dossier:
    """The dossier as it may be kept: without its holder's name once past its time (its dates,
    status and agency stay, for the figures)."""
    if dossier.holder_name and last_step(dossier) < kept.holder_names:
        return replace(dossier, holder_name="")
    return dossier
