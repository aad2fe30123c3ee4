"""The refusal of attendance and make-up rules, with a message for the person."""


class AttendanceError(Exception):
    """A refusal with a message for the person; ``code`` says which rule refused (for callers and tests)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code
