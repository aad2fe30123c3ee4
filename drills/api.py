"""What other apps may ask of the drills app. Keep it small and stable."""

from drills.events import articles_missed

__all__ = ["articles_missed"]
