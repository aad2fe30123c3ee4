"""From when a person's attempts count against a quiz's attempt limit (registered with quizzes at start).

A module whose quiz pass counts for this round only, or for N months, asks for the quiz again once the pass has
expired; the attempts used in an earlier round must not use up the limit of this one. So attempts count from the
start of the strictest window among the person's current rounds whose track asks for the quiz; with no window
(or no such round) every attempt counts, as before.
"""

from __future__ import annotations

from datetime import datetime

from courses.api import Module
from rounds import api as rounds_api


def attempt_window(*, quiz, user) -> datetime | None:
    latest = None
    for membership in rounds_api.current_memberships(user=user):
        inspection_round = membership.team.round
        if inspection_round.track_id is None:
            continue
        for module in Module.objects.filter(track_id=inspection_round.track_id, quiz_id=quiz.pk):
            since = module.quiz_validity.valid_from(
                starts_on=inspection_round.starts_on, round_created_at=inspection_round.created_at
            )
            if since is not None and (latest is None or since > latest):
                latest = since
    return latest
