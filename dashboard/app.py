"""newslens dashboard: ``streamlit run dashboard/app.py``.

The entry Streamlit runs; the app itself is :mod:`dashboard.ui`: the frame in
:mod:`dashboard.ui.shell`, one module per view in :mod:`dashboard.ui.pages`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit runs this file as a script, with dashboard/ (not the project) on sys.path;
# Community Cloud installs requirements.txt only, not the package itself.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from dashboard.ui.shell import main  # noqa: E402

main()
