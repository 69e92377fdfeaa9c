"""The site file's ``[dossiers]`` section: how to read the e-system's exports and where to pull
them from. ``config`` reads the site file and hands this section here to be checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from queue_core.domain.dossiers import DossierStatus
from queue_core.errors import DossierSettingsError

DOSSIER_FIELDS = (
    "code",
    "procedure",
    "agency",
    "holder",
    "received_at",
    "due_at",
    "status",
    "resolved_at",
    "returned_at",
)
DOSSIER_REQUIRED = ("code", "procedure", "agency", "holder", "received_at", "due_at", "status")


DEFAULT_COLUMNS = {
    "code": "Mã hồ sơ",
    "procedure": "Thủ tục",
    "agency": "Cơ quan",
    "holder": "Chủ hồ sơ",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "status": "Trạng thái",
    "resolved_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả",
}
DEFAULT_STATUSES = {
    "Đang xử lý": DossierStatus.PROCESSING,
    "Chờ bổ sung": DossierStatus.NEEDS_SUPPLEMENT,
    "Đã có kết quả": DossierStatus.READY,
    "Đã trả kết quả": DossierStatus.RETURNED,
    "Từ chối": DossierStatus.REJECTED,
}
DEFAULT_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


@dataclass(frozen=True)
class DossierSettings:
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    """Our field -> the e-system's column name."""
    statuses: dict[str, DossierStatus] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    """The e-system's status words -> ours (our own codes are accepted too)."""
    agencies: dict[str, str] = field(default_factory=dict)
    """The e-system's agency names -> site agency ids (ids and site names match by themselves)."""
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    source: str | None = None
    pull_minutes: int = 10
    result_service: str | None = None
    """The service a citizen takes a ticket for to collect a result."""
    bring: str = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả; Căn cước công dân"
    bring_en: str = "The dossier receipt; your citizen identity card"


def dossier_settings(section: dict[str, Any]) -> DossierSettings:
    """Check the raw ``[dossiers]`` table of a site file."""
    known = {
        "columns",
        "statuses",
        "agencies",
        "date_formats",
        "source",
        "pull_minutes",
        "result_service",
        "bring",
        "bring_en",
    }
    unknown = set(section) - known
    if unknown:
        raise DossierSettingsError(f"unknown key {sorted(unknown)[0]!r}")
    columns = {**DEFAULT_COLUMNS, **section.get("columns", {})}
    bad = set(columns) - set(DOSSIER_FIELDS)
    if bad:
        raise DossierSettingsError(
            f"columns: unknown field {sorted(bad)[0]!r}; use {DOSSIER_FIELDS}"
        )
    statuses = dict(DEFAULT_STATUSES)
    for word, ours in section.get("statuses", {}).items():
        try:
            statuses[word] = DossierStatus(ours)
        except ValueError:
            raise DossierSettingsError(
                f"statuses: {word!r} maps to {ours!r}, which is not one of "
                f"{[s.value for s in DossierStatus]}"
            ) from None
    source = section.get("source")
    if source is not None and not str(source).startswith(("http://", "https://")):
        raise DossierSettingsError(f"source: {source!r} is not an http(s) URL")
    minutes = section.get("pull_minutes", 10)
    if not isinstance(minutes, int) or not 1 <= minutes <= 1440:
        raise DossierSettingsError("pull_minutes: a whole number of minutes from 1 to 1440")
    defaults = DossierSettings()
    return DossierSettings(
        columns=columns,
        statuses=statuses,
        agencies=dict(section.get("agencies", {})),
        date_formats=tuple(section.get("date_formats", DEFAULT_DATE_FORMATS)),
        source=source,
        pull_minutes=minutes,
        result_service=section.get("result_service"),
        bring=section.get("bring", defaults.bring),
        bring_en=section.get("bring_en", defaults.bring_en),
    )
