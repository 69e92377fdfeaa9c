"""The client's typed answers: a service's procedure entry parsed once, here, for every app."""

from __future__ import annotations

from typing import Any

import pytest

from queue_core.client import ServiceStatus
from queue_core.domain import Procedure

SERVICE = {"id": "lltp", "name": "Lý lịch", "waiting": 2, "estimate_minutes": 9, "available": True}


def test_a_services_procedure_becomes_the_domains_procedure() -> None:
    status = ServiceStatus.from_json(
        {
            **SERVICE,
            "procedure": {
                "documents": ["Tờ khai", "CCCD"],
                "processing_time": "10 ngày",
                "fee": "200.000 đồng",
                "documents_en": ["Form"],
            },
        }
    )
    assert status.procedure == Procedure(
        ("Tờ khai", "CCCD"), "10 ngày", "200.000 đồng", ("Form",), "", ""
    )
    assert status.procedure.known


@pytest.mark.parametrize("procedure", [None, "papers", ["x"], {}])
def test_a_missing_or_malformed_procedure_is_an_empty_entry(procedure: Any) -> None:
    status = ServiceStatus.from_json({**SERVICE, "procedure": procedure})
    assert status.procedure == Procedure()
    assert not status.procedure.known
