"""The sample counters the counter's screenshots and tests show: a plain one and one with every
name long, and the values the client would read of them (tickets, agencies, the counter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from counter_display.rating import RatingLevels
from counter_display.state import CounterSnapshot
from queue_core.client import (
    AgencyInfo,
    CounterFigures,
    CounterState,
    Named,
    ServiceStatus,
    TicketInfo,
    TicketStatus,
)

__all__ = ["LONG", "NOW", "SAMPLE", "Sample", "agencies", "snapshot", "ticket"]

NOW = datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Sample:
    """What a counter of some site holds: its name, services, clerk, who waits, its levels."""

    number: int
    name: str
    agencies: tuple[dict[str, Any], ...]
    """Each ``{"id", "name", "name_en", "services": [{"id", "name", "name_en", "waiting"}]}``."""
    clerk: str
    title: str
    ticket: str
    waiting: tuple[str, ...]
    levels: RatingLevels

    @property
    def services(self) -> list[dict[str, Any]]:
        return [s for a in self.agencies for s in a["services"]]


def _service(sid: str, name: str, name_en: str, waiting: int) -> dict[str, Any]:
    return {"id": sid, "name": name, "name_en": name_en, "waiting": waiting}


SAMPLE = Sample(
    number=5,
    name="Tư pháp – Hộ tịch",
    agencies=(
        {
            "id": "stp",
            "name": "Sở Tư pháp",
            "name_en": "Department of Justice",
            "services": [
                _service("lltp", "Cấp phiếu lý lịch tư pháp", "Criminal record certificate", 7),
                _service("chungthuc", "Chứng thực bản sao", "Certified copies", 3),
            ],
        },
    ),
    clerk="Nguyễn Thị Lan",
    title="Chuyên viên Sở Tư pháp",
    ticket="1023",
    waiting=("1024", "1025", "2007", "1026", "1027"),
    levels=RatingLevels(
        reasons=("Chờ quá lâu", "Hướng dẫn chưa rõ ràng", "Thái độ phục vụ chưa tốt")
    ),
)

LONG = Sample(
    number=12,
    name="Quầy 12 – Bộ phận một cửa liên thông Tài nguyên và Môi trường, Lao động – Thương binh",
    agencies=(
        {
            "id": "stnmt",
            "name": "Sở Tài nguyên và Môi trường",
            "name_en": "Department of Natural Resources and Environment",
            "services": [
                _service(
                    "gcn",
                    "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác"
                    " gắn liền với đất",
                    "Certificate of land use rights, ownership of houses and other assets"
                    " attached to land",
                    48,
                ),
                _service(
                    "biendong",
                    "Đăng ký biến động đất đai, tài sản gắn liền với đất",
                    "Registration of changes to land and attached assets",
                    12,
                ),
                _service(
                    "dtm",
                    "Thẩm định báo cáo đánh giá tác động môi trường",
                    "Appraisal of environmental impact assessment reports",
                    0,
                ),
            ],
        },
        {
            "id": "sldtbxh",
            "name": "Sở Lao động – Thương binh và Xã hội",
            "name_en": "Department of Labour, Invalids and Social Affairs",
            "services": [
                _service(
                    "thatnghiep",
                    "Giải quyết hưởng trợ cấp thất nghiệp và hỗ trợ học nghề",
                    "Unemployment benefit and vocational training support",
                    9,
                ),
                _service(
                    "bhxh",
                    "Giải quyết hưởng chế độ bảo hiểm xã hội một lần",
                    "One-off social insurance payment",
                    4,
                ),
            ],
        },
    ),
    clerk="Tôn Nữ Hoàng Thị Phương Thảo Nguyên",
    title=(
        "Phó Trưởng phòng Đăng ký và Cấp giấy chứng nhận, Văn phòng Đăng ký đất đai tỉnh"
        " Thừa Thiên Huế"
    ),
    ticket="A888",
    waiting=tuple(f"A{n:03d}" for n in range(889, 889 + 23)),
    levels=RatingLevels(
        names=("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"),
        names_en=("Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"),
        reasons=(
            "Thời gian chờ đến lượt quá lâu so với thời gian dự kiến in trên phiếu",
            "Hướng dẫn thành phần hồ sơ chưa rõ ràng, phải đi lại bổ sung nhiều lần",
            "Thái độ phục vụ của cán bộ chưa tốt",
            "Phải nộp phí, lệ phí không đúng quy định",
            "Kết quả giải quyết trễ hẹn",
            "Khu vực chờ chật chội, thiếu chỗ ngồi",
        ),
    ),
)


def _named(data: Mapping[str, Any]) -> Named:
    return Named(str(data["id"]), str(data["name"]), str(data["name_en"]))


def ticket(
    sample: Sample, number: str, status: TicketStatus = TicketStatus.WAITING, **extra: Any
) -> TicketInfo:
    agency = sample.agencies[0]
    base = TicketInfo(
        id=sum(ord(c) for c in number),
        number=number,
        service=_named(agency["services"][0]),
        agency=_named(agency),
        priority=False,
        status=TicketStatus(status),
        issued_at=NOW - timedelta(minutes=25),
        called_at=NOW - timedelta(minutes=6, seconds=12),
        started_at=NOW - timedelta(minutes=4, seconds=40),
        counter=sample.number,
        ahead=0,
        estimate_minutes=0,
        public_token="x",
        recalls=0,
        business_day=NOW.date(),
    )
    return replace(base, **extra)


def agencies(sample: Sample, waiting: Mapping[str, int] | None = None) -> list[AgencyInfo]:
    """The sample's agencies; with ``waiting`` (service id → how many), those counts and none
    waiting for the other services."""

    def count(service: dict[str, Any]) -> int:
        return int(service["waiting"]) if waiting is None else waiting.get(service["id"], 0)

    return [
        AgencyInfo(
            id=agency["id"],
            name=agency["name"],
            name_en=agency["name_en"],
            services=tuple(
                ServiceStatus(s["id"], s["name"], count(s), 9, available=True, name_en=s["name_en"])
                for s in agency["services"]
            ),
        )
        for agency in sample.agencies
    ]


def snapshot(
    sample: Sample, state: CounterState = CounterState.OPEN, current: TicketInfo | None = None
) -> CounterSnapshot:
    return CounterSnapshot(
        number=sample.number,
        name=sample.name,
        state=state,
        services=tuple(s["id"] for s in sample.services),
        ticket=current,
        staff_name=sample.clerk,
        staff_title=sample.title,
        waiting=tuple(ticket(sample, n) for n in sample.waiting),
        today=CounterFigures(141, 136, 13, 17.4),
        staff_today=CounterFigures(72, 70, 11, 16.9),
    )
