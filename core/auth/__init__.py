"""Users, roles and institutions: who may do what (issue 18).

* :mod:`rtech.auth.roles` — the roles, the actions, the permission matrix and
  :class:`~rtech.auth.roles.Principal` (pure data, no database);
* :mod:`rtech.store.users` — the users table, passwords (scrypt), login tokens,
  :func:`~rtech.store.users.require` (the one permission check core services call);
* :mod:`rtech.auth.login` — the session file of ``rtech login`` and
  :func:`~rtech.auth.login.current_user` for front ends.

This package's ``__init__`` imports nothing, so that the bottom layers may use
:mod:`rtech.auth.roles` without pulling in the store.
"""
