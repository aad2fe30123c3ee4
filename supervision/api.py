"""What other apps may ask of the supervision app. Keep it small and stable."""

__all__: list[str] = []
