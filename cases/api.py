"""What other apps may use of the case library (courses, study packs, search). Keep it small and stable."""

from cases.models import CasePage

__all__ = ["CasePage"]
