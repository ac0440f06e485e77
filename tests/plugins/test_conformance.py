"""rtech's conformance suite (rtech.testing), run against every built-in technology.

The same import an external plugin's tests make (see ``rtech plugin new``).
"""

from rtech.testing.suite import *  # noqa: F403 - the suite's tests, collected here
