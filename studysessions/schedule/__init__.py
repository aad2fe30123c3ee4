"""The schedule: a series' rule expanded into evenings (``occurrences``), who an evening is for and who
may do what (``selectors``), the writes that give an evening its row, cancel or move it (``services``),
and the planner's admin pages (``admin_views``).

Kept empty: the app config imports ``schedule.converters`` and the models ``schedule.forms`` while the app
loads, before any model can be imported.
"""
