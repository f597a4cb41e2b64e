"""The error that stops a command with exit code 2: usage, configuration, unreadable input."""


class PcaetError(Exception):
    """A problem that prevents the tool from doing its job; the message is French and
    says what to do. The CLI prints it on one line on stderr and exits with 2."""
