"""The built-in technology plugins, one package per technology.

Each registers through the entry-point group ``rtech.technologies`` (see
pyproject.toml), exactly as a third-party plugin does.
"""
