"""What the regulations app tells the apps above it, without knowing them (they subscribe in their ready()).

``edition_in_force`` is sent, inside the publishing transaction, when a revising edition is published in
force (and each time it is re-published), after the article succession is recorded
(regulations.succession). Arguments: ``edition`` (the edition now in force), ``previous`` (the one it
revises) and ``touched_article_ids`` (the previous edition's articles that were changed, renumbered or
removed). The revision's impact list (修订影响清单) is built from it.
"""

from django.dispatch import Signal

edition_in_force = Signal()
