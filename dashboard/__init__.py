"""newslens: how different news outlets cover the same event, with the evidence.

The package is layered; each layer imports only the ones below it:

- :mod:`dashboard.ui` and ``app.py``: the Streamlit app (the only code importing Streamlit);
- :mod:`dashboard.cli`: the command line (``python -m dashboard.preprocess``);
- :mod:`dashboard.pipeline` and :mod:`dashboard.vocabularies`: the library, a folder in and
  tables out, with every vocabulary read once and passed to the stages;
- :mod:`dashboard.corpus`: the cross-outlet analysis;
- :mod:`dashboard.article`: the per-article stages, clean → meta → sentences → topics → tone;
- :mod:`dashboard.io`: reading the input folder, writing and loading tables, shipped files;
- :mod:`dashboard.text`, :mod:`dashboard.schema`, :mod:`dashboard.errors`: shared pieces.
"""

__version__ = "0.3.0"
