"""The two search backends: ``database`` (embedded default and fallback) and ``elasticsearch``."""
