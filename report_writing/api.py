"""What other apps may ask of the report-writing app (readiness, privacy, demo content). Keep it small and stable."""

__all__: list[str] = []
