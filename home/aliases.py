"""Aliases of taxonomy names (别称) for imports and filters: ``生物`` → ``生物学``, ``初一`` → ``七年级``.

The dictionary lives in the search app (``search.dictionary``: the maintained synonym files
plus editors' entries); apps below it (resources) must not import it, so the search app
registers its resolver here when it starts, and everyone asks ``canonical``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_resolver: list[Callable[..., str]] = []


def register(resolver: Callable[..., str]) -> None:
    """``resolver(facet, value, allowed=...)`` → the allowed name ``value`` stands for, or
    ``value`` itself."""
    _resolver[:] = [resolver]


def canonical(facet: str, value: str, *, allowed: Iterable[str]) -> str:
    """The name among ``allowed`` that ``value`` (a name or an alias) stands for; ``value``
    unchanged when it is allowed, unknown or ambiguous, or no resolver is registered."""
    allowed = list(allowed)
    if value in allowed or not _resolver:
        return value
    return _resolver[0](facet, value, allowed=allowed)
