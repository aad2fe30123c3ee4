"""What the courses app announces to the apps above it (the review queue listens). Nothing here calls up.

``articles_studied``: a person studied these regulation articles (an article itself, or a lesson that
links them), recorded for the first time. Sent inside the writing transaction with ``user``,
``article_ids`` and ``now``.
"""

from django.dispatch import Signal

articles_studied = Signal()
