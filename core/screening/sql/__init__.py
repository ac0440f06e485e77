"""Screening where the data lives: ``rtech screen``'s rules as SQL.

:mod:`.query` builds the screening once as a sqlglot syntax tree;
:mod:`.dialects` renders it for DuckDB, PostgreSQL or Spark SQL;
:mod:`.charmap` holds the normaliser's character tables the SQL applies;
:mod:`.export` writes ``rtech rules export``'s script; :mod:`.database` runs
the query for ``rtech screen --database``.
"""
