"""The one error type that services raise for a refused action; views turn it into a message, never a 500."""


class DomainError(Exception):
    """An action the rules refuse. ``code`` is for programs and tests, ``message`` (translated) for people."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(code)
        self.code = code
        self.message = message or code
