"""A device's own settings on disk: which core, its pairing token, the core's certificates it
trusts, its language."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class DeviceSettings:
    core_url: str | None = None
    """The URL to fall back on when no core answers on the LAN."""
    token: str | None = None
    device_id: str | None = None
    name: str = ""
    certificates: tuple[str, ...] = ()
    """The core's certificates (PEM) this device trusts: the one learned at its first contact,
    and during a rotation the next one (``queue_core.client.Trust``)."""

    def with_pairing(self, token: str, device_id: str) -> DeviceSettings:
        return replace(self, token=token, device_id=device_id)


def settings_path(app: str) -> Path:
    """``$LUOT_CONFIG_DIR/<app>.json`` or the platform's config folder for Lượt."""
    base = os.environ.get("LUOT_CONFIG_DIR") or platformdirs.user_config_dir("luot", "luot")
    return Path(base) / f"{app}.json"


def load_settings(app: str) -> DeviceSettings:
    path = settings_path(app)
    if not path.exists():
        return DeviceSettings()
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {k: v for k, v in data.items() if k in DeviceSettings.__dataclass_fields__}
    known["certificates"] = tuple(known.get("certificates") or ())  # a list in JSON
    return DeviceSettings(**known)


def save_settings(app: str, settings: DeviceSettings) -> Path:
    """Write atomically, readable by the device's user only (it holds a token)."""
    path = settings_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    return path
