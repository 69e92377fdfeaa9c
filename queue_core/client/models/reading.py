"""How the contract's JSON is read: typed access, every surprise a CoreFault naming the key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from queue_core.client.errors import CoreFault

T = TypeVar("T")
Json = Mapping[str, Any]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


class Reader:
    """One JSON object, and where it sits in the answer (``what``: ``board.counters[2]``).

    Every key the core sends is read. A missing key or a value of the wrong type is a
    CoreFault (the core broke the contract); a key the contract lets be null may be missing.
    """

    def __init__(self, data: object, what: str) -> None:
        if not isinstance(data, Mapping):
            raise CoreFault(f"{what}: expected a JSON object, got {type(data).__name__}")
        self.data: Json = data
        self.what = what

    def fault(self, key: str, problem: str) -> CoreFault:
        return CoreFault(f"{self.what}: {key!r} {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
        """The value under ``key``, of ``kind``; None when ``optional`` and missing or null."""
        value = self.data.get(key)
        if value is None:
            if optional:
                return None
            raise CoreFault(f"{self.what}: missing {key!r}")
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # JSON's true is a Python int too: a count that is a boolean is still wrong
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            raise self.fault(key, f"is {value!r}, not {_kind_name(kind)}")
        return value

    def at(self, key: str) -> str:
        """Where the value under ``key`` sits, to name it in a fault."""
        return f"{self.what}.{key}"

    def text(self, key: str) -> str:
        return str(self.get(key, str))

    def opt_text(self, key: str) -> str | None:
        value = self.get(key, str, optional=True)
        return None if value is None else str(value)

    def integer(self, key: str) -> int:
        return int(self.get(key, int))

    def opt_int(self, key: str) -> int | None:
        value = self.get(key, int, optional=True)
        return None if value is None else int(value)

    def opt_number(self, key: str) -> float | None:
        value = self.get(key, (int, float), optional=True)
        return None if value is None else float(value)

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool))

    def opt_flag(self, key: str) -> bool:
        """A flag added after the first release: a core from before it sends none, read as off."""
        return bool(self.get(key, bool, optional=True))

    def opt_moment(self, key: str) -> datetime | None:
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fault(key, f"is not an ISO 8601 time: {value!r}") from None
        if moment.utcoffset() is None:
            raise self.fault(key, f"has no UTC offset: {value!r}")
        return moment

    def moment(self, key: str) -> datetime:
        moment = self.opt_moment(key)
        if moment is None:
            raise CoreFault(f"{self.what}: missing {key!r}")
        return moment

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fault(key, f"is not an ISO 8601 date: {value!r}") from None

    def obj(self, key: str) -> Reader:
        return Reader(self.get(key, Mapping), self.at(key))

    def opt_obj(self, key: str) -> Reader | None:
        value = self.get(key, Mapping, optional=True)
        return None if value is None else Reader(value, self.at(key))

    def one(self, key: str, parse: Callable[[object, str], T]) -> T:
        """The object under ``key``, read by ``parse(object, where)``."""
        return parse(self.get(key, Mapping), self.at(key))

    def opt_one(self, key: str, parse: Callable[[object, str], T]) -> T | None:
        value = self.get(key, Mapping, optional=True)
        return None if value is None else parse(value, self.at(key))

    def items(self, key: str, parse: Callable[[object, str], T]) -> tuple[T, ...]:
        """Each element of the list under ``key``, read by ``parse(element, where)``."""
        where = self.at(key)
        return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(self.get(key, list)))

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fault(key, f"has {value!r} at [{i}], not a string")
        return tuple(values)

    def enum(self, key: str, kind: Callable[[str], T]) -> T:
        value = self.text(key)
        try:
            return kind(value)
        except ValueError:
            raise self.fault(key, f"has unknown value {value!r}") from None

    def opt_enum(self, key: str, kind: Callable[[str], T]) -> T | None:
        return None if self.data.get(key) is None else self.enum(key, kind)
