"""What other apps may ask of the scenarios app. Keep it small and stable."""

__all__: list[str] = []
