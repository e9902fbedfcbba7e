"""Cross-outlet analysis over the per-article tables: coverage, shared passages, quotes,
entities, discrepancies, omissions and framing."""
