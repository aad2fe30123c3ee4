class OccurrenceKeyConverter:
    """An evening's key in URLs: series id and scheduled start as a Unix timestamp (occurrences.Occurrence.key)."""

    regex = r"[0-9]+-[0-9]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return getattr(value, "key", value)
