"""One module per view of the dashboard; each exposes ``page(data)``."""
