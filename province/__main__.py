"""``python -m province``: the same as ``luot-province``."""

import sys

from province.cli import main

if __name__ == "__main__":
    sys.exit(main())
