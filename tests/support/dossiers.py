"""A month of dossiers for a real core's database, as the province's export gives them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from queue_core.dossiers.service import import_file
from tests.support.server import CoreServer

COLUMNS = ["Mã hồ sơ", "Thủ tục", "Cơ quan", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Trạng thái", "Ngày có kết quả", "Ngày trả kết quả"]  # fmt: skip
"""The sample export's columns (queue_core/samples/dossiers.csv)."""
HOLDERS = ["Nguyễn Thị Kín Đáo", "Trần Văn Bảo Mật", "Lê Thị Riêng Tư", "Phạm Văn Ẩn Danh"]
READY, LATE, PENDING, LATER = (f"000.00.12.H55-{n:06d}-000{n}" for n in (1, 2, 3, 4))


def export_time(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def import_dossiers(core: CoreServer, path: Path, rows: list[list[str]]) -> None:
    """Write an export with these rows and import it as the core's pull would."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    store = core.store()
    try:
        import_file(store, path, datetime.now(UTC))
    finally:
        store.close()


def this_month_rows() -> list[list[str]]:
    """Dated just now (the figures count the current month of the real clock)."""
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    got, procedure, agency = (
        export_time(now - timedelta(minutes=40)),
        "Cấp phiếu lý lịch tư pháp",
        "Sở Tư pháp",
    )
    done = export_time(now - timedelta(minutes=20))
    return [
        [READY, procedure, agency, HOLDERS[0], got, export_time(now + timedelta(days=2)),
         "Đã có kết quả", done, ""],
        [LATE, procedure, agency, HOLDERS[1], got, export_time(now - timedelta(minutes=30)),
         "Đã trả kết quả", done, export_time(now - timedelta(minutes=10))],
        [PENDING, procedure, agency, HOLDERS[2], got, export_time(now + timedelta(days=5)),
         "Đang xử lý", "", ""],
    ]  # fmt: skip
