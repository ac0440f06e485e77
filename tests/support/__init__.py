def pip_environment() -> dict[str, str]:
    """The environment for a ``pip`` subprocess: pip asks ``rustc --version`` for its
    user agent, and rustup then writes ``~/.rustup``. HOME points at a directory
    beside the session's temporary XDG directories (tests/conftest.py), so that a
    test run leaves the user's home as it was."""
    import os
    from pathlib import Path

    home = Path(os.environ["XDG_CACHE_HOME"]).parent / "pip-home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home)}
