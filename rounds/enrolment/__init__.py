"""Bulk enrolment (issue 19, item 4): a round's managers import members from one Excel sheet.

``sheet`` reads the workbook and builds the template (pure, openpyxl); ``checking`` checks every row against the
round and the people already known, collecting every problem with its row number (pure); ``services`` keeps
the checked rows between preview and confirm and writes everything in one transaction; ``views`` and
``hooks`` are the admin pages and their menu entry.
"""
