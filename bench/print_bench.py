"""Time to render and encode a ticket at 384 and 576 dots: median and p90 against 50 ms.

Run: ``.venv/bin/python bench/print_bench.py [--runs 50]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime

from printers import Lang, PrintableTicket, PrinterProfile, TicketSite, encode_image, render_ticket

TARGET_MS = 50.0

SITE = TicketSite(
    centre_name="Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
    public_base_url="http://192.168.1.10:8470",
    footer="Phiếu chỉ có giá trị trong ngày. Vui lòng chú ý màn hình và loa gọi số.",
)


def _ticket(i: int) -> PrintableTicket:
    return PrintableTicket(
        number=f"{1000 + i}",
        service_name="Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
        "khác gắn liền với đất",
        service_name_en=None,
        agency_name="Sở Tài nguyên và Môi trường",
        agency_name_en=None,
        priority=i % 5 == 0,
        issued_at=datetime.fromisoformat("2025-11-25T09:41:07+07:00"),
        ahead=i % 40,
        estimate_minutes=i % 90,
        public_token=f"tok{i:08d}xyz",
        lang=Lang.VI,
    )


def measure(width: int, runs: int) -> list[float]:
    """Milliseconds per ticket (render + encode), each run a different ticket."""
    profile = PrinterProfile.resolve(None, width)
    encode_image(render_ticket(_ticket(0), SITE, width), profile)  # fonts loaded once, as a kiosk
    times = []
    for i in range(1, runs + 1):
        start = time.perf_counter()
        encode_image(render_ticket(_ticket(i), SITE, width), profile)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    for width in (384, 576):
        times = sorted(measure(width, args.runs))
        median = statistics.median(times)
        p90 = times[int(0.9 * (len(times) - 1))]
        verdict = "ok" if median <= TARGET_MS else "OVER TARGET"
        print(
            f"render+encode {width} dots: median {median:.1f} ms, p90 {p90:.1f} ms "
            f"(target <= {TARGET_MS:.0f} ms median) {verdict}"
        )


if __name__ == "__main__":
    main()
