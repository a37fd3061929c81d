"""Lists written as files from their rows' values, not through django-tables2:
what each export holds, in one place per list (`tasks` for the task lists).
The file format itself (typed cells, formula neutralising, CSV with the
decimal comma) is `tracker.lib.tables`'s, shared with every other table."""
