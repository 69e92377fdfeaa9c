"""`python -m queue_core.cli`: the same as `luot-core` (how child.py starts a core)."""

import sys

from queue_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
