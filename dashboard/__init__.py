"""newslens: how different news outlets cover the same event, with the evidence.

The package is a pure pipeline (``io`` → ``clean`` → ``meta`` → ``sentences`` →
``topics`` → ``tone`` → ``compare``) plus a thin Streamlit layer in ``app.py``.
Only ``app.py`` and the modules it owns import Streamlit.
"""

__version__ = "0.2.0"
