"""The package list for pyproject.toml's package-dir mapping (metadata lives there).

The repository keeps three folders at its root; they install under one import
name: ``core/`` as ``rtech``, ``plugins/`` as ``rtech.plugins`` and ``forms/``
(the shared JSON-Schema fragments) as ``rtech.forms.fragments``. setuptools
cannot discover packages beneath a renamed folder from pyproject.toml alone, so
they are listed here, found on disk, and a new plugin folder needs no edit.
"""

from setuptools import find_packages, setup

FOLDERS = {"core": "rtech", "plugins": "rtech.plugins", "forms": "rtech.forms.fragments"}


def _packages() -> list[str]:
    found = []
    for folder, name in FOLDERS.items():
        found.append(name)
        found += [f"{name}.{sub}" for sub in find_packages(folder)]
    return found


setup(packages=_packages())
