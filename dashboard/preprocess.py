"""``python -m dashboard.preprocess``: the command line of :mod:`dashboard.cli`."""

from __future__ import annotations

import sys

from dashboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
