"""The testing kit: rtech's conformance suite, for every technology plugin.

Installed with rtech and active through the ``pytest11`` entry point
(:mod:`rtech.testing.plugin`). A plugin author runs the whole suite against
the installed technologies with one command::

    pytest --pyargs rtech.testing --rtech-technology my_slug

(or puts ``rtech_technologies = ["my_slug"]`` under ``[tool.pytest.ini_options]``
and ``from rtech.testing.suite import *`` in a test module, as ``rtech plugin
new`` does). Every test runs once per technology. A test about something the
technology does not supply yet (no form, no checks, no code tables) skips with
its reason; one about something it supplies asserts it: metadata, forms (valid
JSON Schema that the intake can ask), code rules, checks and indicators that
cite their own clause and read only fields of their forms, every clause of the
norm's 一、二 and 四(一) checked, and — when the seed documents are present
(:mod:`rtech.testing.seeds`) — every quote verbatim in its edition's seed.
"""
