"""One Screen per module."""
