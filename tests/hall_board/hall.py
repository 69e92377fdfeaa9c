"""A test hall: a real core with six counters in two zones, and clerks who press buttons."""

from __future__ import annotations

import httpx

from tests.support.server import CoreServer

BOARD_SITE = """
[site]
id = "board-test"
name = "Trung tâm thử bảng"
name_en = "Board test centre"
timezone = "Asia/Ho_Chi_Minh"
notices = ["Thông báo đầu tiên"]

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[[agencies]]
id = "stp"
name = "Sở Tư pháp"
name_en = "Department of Justice"

[[services]]
id = "lltp"
agency = "stp"
name = "Cấp phiếu lý lịch tư pháp"
numbers = "1001-1999"
""" + "".join(
    f'\n[[counters]]\nnumber = {n}\nservices = ["lltp"]\nzone = "{zone}"\n'
    for n, zone in ((n, "tang-1" if n <= 3 else "tang-2") for n in range(1, 7))
)


class Hall:
    """Kiosk and clerks over HTTP, as the real devices would do it."""

    def __init__(self, core: CoreServer) -> None:
        self.core = core
        self.kiosk = core.pair_device("kiosk")
        self.sessions: dict[int, str] = {}

    def _post(self, path: str, token: str, body: dict | None = None) -> httpx.Response:
        response = httpx.post(
            self.core.base_url + path,
            json=body or {},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        response.raise_for_status()
        return response

    def open(self, counter: int) -> None:
        self.sessions[counter] = self.core.login("lan", "1234", counter)
        self._post(f"/api/v1/counters/{counter}/open", self.sessions[counter])

    def issue(self, count: int = 1, priority: bool = False) -> list[str]:
        body = {"service": "lltp", "priority": priority}
        return [
            self._post("/api/v1/tickets", self.kiosk, body).json()["number"] for _ in range(count)
        ]

    def next(self, counter: int) -> str:
        path = f"/api/v1/counters/{counter}/next"
        return str(self._post(path, self.sessions[counter]).json()["number"])

    def recall(self, counter: int) -> str:
        path = f"/api/v1/counters/{counter}/recall"
        return str(self._post(path, self.sessions[counter]).json()["number"])

    def pause(self, counter: int) -> None:
        self._post(f"/api/v1/counters/{counter}/pause", self.sessions[counter])

    def seq(self) -> int:
        """The last committed seq, from the database (health's may trail a write a moment)."""
        store = self.core.store()
        try:
            return store.last_seq()
        finally:
            store.close()
