"""Jinja2 templates and the stylesheet of the filings (package data)."""
