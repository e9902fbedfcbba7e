"""Pieces of text handling that several stages share: word patterns, dates, union-find."""
