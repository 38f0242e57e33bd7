"""Writes of the assistance app, one module per sub-domain (STYLE.md habit 1)."""
