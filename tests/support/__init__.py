def pip_environment() -> dict[str, str]:
    """The environment for a ``pip`` subprocess: pip asks ``rustc --version`` for its
    user agent, and rustup then writes ``~/.rustup``; HOME points at a fresh
    temporary directory so that a test run leaves the user's home as it was."""
    import os
    import tempfile

    return {**os.environ, "HOME": tempfile.mkdtemp(prefix="rtech-pip-home-")}
