"""The app layer: Streamlit pages, widgets and state, and the pure helpers they use
(dataset loading and filters, charts, escaped rendering, CSV export). Only this package
imports Streamlit."""
