"""The hall board: the full-screen app that shows every call and says it aloud in Vietnamese."""

from hall_board.refcount_guard import protect_singletons

protect_singletons()  # before any Qt call: see refcount_guard
