"""The hall board: the full-screen app that shows every call and says it aloud in Vietnamese."""
