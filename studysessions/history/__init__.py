"""What an evening leaves behind: the attendees' study history, the minutes, the printable record."""
