"""An evening's agenda: the blocks editors fill in (``blocks``) and what is read from them (``selectors``):
the steps the projector shows one at a time, the evening's quiz, and one line per item for lists and e-mails.

Kept empty: the models import ``agenda.blocks`` while the app loads.
"""
