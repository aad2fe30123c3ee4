"""What the drills app announces to the apps above it (the review queue listens). Nothing here calls up.

``articles_missed``: a person's drill left out articles the case rests on. Sent by the scoring service inside
the writing transaction with ``user``, ``article_ids`` (as the edition in force has them) and ``now``.
"""

from django.dispatch import Signal

articles_missed = Signal()
