"""The board's widgets: thin painters of the view-model (they hold no logic of the queue)."""

from hall_board.widgets.window import BoardWindow, Orientation

__all__ = ["BoardWindow", "Orientation"]
