"""The revision impact list hears from the regulations app when a revising edition goes in force."""

from regulations.api import events
from revision_impact.services import build_impact_list


def _on_edition_in_force(sender, edition, previous, touched_article_ids, **kwargs):
    # Inside the publishing transaction: a failed build fails the publication, and no list is half-written.
    build_impact_list(edition=edition, touched_article_ids=list(touched_article_ids))


def connect() -> None:
    events.edition_in_force.connect(_on_edition_in_force, dispatch_uid="revision_impact.build")
