"""Qt offscreen for the demo's hooks, which run inside the apps."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
