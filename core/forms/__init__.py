"""Case forms: JSON-Schema loading, shared fragments, validation, question flow."""

from rtech.forms.loader import FRAGMENT_BASE, fragment_registry, load_schema

__all__ = ["FRAGMENT_BASE", "fragment_registry", "load_schema"]
