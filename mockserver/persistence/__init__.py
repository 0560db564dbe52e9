"""State kept beyond the process: ``export`` (the versioned JSON state document, export and import),
``database`` (the SQLite tables of ``--state-file``) and ``statefile`` (the state-file driver: one server per file,
each change committed before the answer, undone when it cannot be).
"""
