"""What other apps may ask of the drills app. Keep it small and stable."""

__all__: list[str] = []
