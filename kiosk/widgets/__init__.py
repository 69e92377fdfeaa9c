"""The kiosk's widgets: thin views of KioskFlow that turn taps into its intents."""

from kiosk.widgets.window import KioskWindow

__all__ = ["KioskWindow"]
