"""Per-article stages, pure functions over text: clean → meta → sentences → topics → tone."""
