"""The radar chart of the 数字画像, drawn on the server as SVG (no script, no CDN): one axis per
dimension, 0 at the centre and 100 at the rim, the teacher's polygon over the group's."""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 420
CENTRE = SIZE / 2
RADIUS = 140


@dataclass
class Radar:
    size: int
    rings: list[str]  # polygon points of the 20/40/60/80/100 rings
    spokes: list[dict]  # {"x", "y", "lx", "ly", "anchor", "label"}
    own: str  # polygon points; "" when the teacher has no score
    group: str
    own_dots: list[dict]


def _point(index: int, total: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / total
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _polygon(values: list[float | None]) -> str:
    total = len(values)
    if total < 3 or all(v is None for v in values):
        return ""
    return " ".join(f"{x},{y}" for x, y in (_point(i, total, v or 0) for i, v in enumerate(values)))


def radar(axes: list[dict]) -> Radar | None:
    """``axes``: ``{"dimension", "own", "group"}`` per dimension (``baseline.portrait``). A radar
    needs three axes; with fewer the page shows the table alone."""
    total = len(axes)
    if total < 3:
        return None
    rings = [_polygon([level] * total) for level in (20, 40, 60, 80, 100)]
    spokes = []
    for i, axis in enumerate(axes):
        x, y = _point(i, total, 100)
        lx, ly = _point(i, total, 118)
        anchor = "middle" if abs(lx - CENTRE) < 10 else ("start" if lx > CENTRE else "end")
        spokes.append({"x": x, "y": y, "lx": lx, "ly": ly + 4, "anchor": anchor, "label": axis["dimension"].name})
    own_values = [axis["own"] for axis in axes]
    dots = [
        {"x": _point(i, total, v)[0], "y": _point(i, total, v)[1], "value": v, "label": axes[i]["dimension"].name}
        for i, v in enumerate(own_values)
        if v is not None
    ]
    return Radar(
        size=SIZE,
        rings=rings,
        spokes=spokes,
        own=_polygon(own_values),
        group=_polygon([axis["group"] for axis in axes]),
        own_dots=dots,
    )
