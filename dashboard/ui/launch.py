"""``newslens-app``: start the dashboard of the installed package, from any folder.

The same as ``streamlit run <site-packages>/dashboard/app.py [options]``; options after the
command (``--server.port 8600``) go to Streamlit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli as streamlit_cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main() -> int:
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    return int(streamlit_cli.main() or 0)
