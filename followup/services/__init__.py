"""Business rules of 跟以固效: projects (``projects``), evaluation (``evaluation``), mentoring (``mentoring``)."""


class FollowupError(ValueError):
    """A refusal with its Chinese reason, shown to the user as it is."""
