"""Lesson-length demo recordings, made with ffmpeg when the demo is loaded.

A 同课异构 comparison or a slice diagnosis can only be tried on a recording as long as the lesson:
its phase bars map minutes to positions, its slices mark minutes. Committing such files would
weigh megabytes; instead ``lesson_video`` draws one at load time: a colour per teaching phase
(the phase bars' colours), the phase's name and minutes large in the middle, the lesson's title
and a running clock — low resolution and one frame a second, so a 40-minute lesson takes about
two seconds to encode and under half a megabyte.

Without ffmpeg or a CJK font (``fc-match``) it returns ``None`` and the callers fall back to
the short committed clips, saying so: the demo still loads on a bare machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

WIDTH, HEIGHT, FPS = 320, 180, 1

# The phase bars' colours (rtpt_site/static/css/site.css, .phase-*).
PHASE_COLOURS = {
    "intro": "0x0b5cad",
    "explore": "0x047857",
    "cooperate": "0x7c3aed",
    "practice": "0xb45309",
    "assess": "0xbe123c",
    "summary": "0x0e7490",
    "extend": "0x4d5b6b",
}
DEFAULT_COLOUR = "0x334e68"
CLOCK = "%{eif:trunc(t/60):d:2}:%{eif:mod(t,60):d:2}"


def cjk_font() -> str | None:
    """A font file with Chinese glyphs (Debian's fonts-noto-cjk), or None."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        command = [fc_match, "-f", "%{file}", "Noto Sans CJK SC:style=Bold"]
        found = subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found and "CJK" in found and Path(found).exists() else None


def available() -> bool:
    return shutil.which("ffmpeg") is not None and cjk_font() is not None


def lesson_video(*, title: str, phases: list[tuple[str, str, int]], out: Path) -> Path | None:
    """Draw a recording of ``phases`` ((kind, label, minutes), in order) into ``out``.

    Returns ``out``, or ``None`` when ffmpeg or a CJK font is missing or ffmpeg fails."""
    ffmpeg, font = shutil.which("ffmpeg"), cjk_font()
    if ffmpeg is None or font is None or not phases:
        return None
    with tempfile.TemporaryDirectory(prefix="rtpt-lesson-") as tmp:
        texts = Path(tmp)

        def textfile(name: str, content: str) -> str:
            path = texts / name
            path.write_text(content, encoding="utf-8")
            return str(path)

        def draw(file: str, size: int, x: str, y: str) -> str:
            return f"drawtext=fontfile={font}:textfile={file}:fontsize={size}:fontcolor=white:x={x}:y={y}"

        inputs, chains, start = [], [], 0
        for n, (kind, label, minutes) in enumerate(phases):
            seconds = max(1, int(minutes)) * 60
            colour = PHASE_COLOURS.get(kind, DEFAULT_COLOUR)
            inputs += ["-f", "lavfi", "-i", f"color=c={colour}:s={WIDTH}x{HEIGHT}:r={FPS}:d={seconds}"]
            name = textfile(f"phase-{n}.txt", label)
            span = textfile(f"span-{n}.txt", f"第 {start}–{start + int(minutes)} 分钟")
            chains.append(
                f"[{n}]{draw(name, 30, '(w-tw)/2', '(h-th)/2-16')},{draw(span, 16, '(w-tw)/2', '(h/2)+26')}[p{n}]"
            )
            start += int(minutes)
        joined = "".join(f"[p{n}]" for n in range(len(phases)))
        overlay = ",".join(
            [
                draw(textfile("title.txt", title), 14, "8", "8"),
                draw(textfile("clock.txt", CLOCK), 16, "w-tw-8", "h-th-8"),
                "format=yuv420p",
            ]
        )
        graph = ";".join(chains) + f";{joined}concat=n={len(phases)}:v=1:a=0,{overlay}[v]"
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [ffmpeg, "-v", "error", "-y", *inputs, "-filter_complex", graph, "-map", "[v]"]
        command += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "30", "-g", "30", "-tune", "stillimage"]
        command += ["-movflags", "+faststart", str(out)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
        except (OSError, subprocess.SubprocessError):
            return None
    return out


def demo_lesson_video(*, title: str, phases: list[tuple[str, str, int]]) -> Path | None:
    """``lesson_video`` kept in ``settings.DEMO_MEDIA_CACHE`` under a digest of what it shows."""
    key = hashlib.sha256(json.dumps([title, phases, WIDTH, HEIGHT, FPS], ensure_ascii=False).encode()).hexdigest()
    out = Path(settings.DEMO_MEDIA_CACHE) / f"lesson-{key[:24]}.mp4"
    if out.exists() and out.stat().st_size > 0:
        return out
    partial = out.with_suffix(".part.mp4")
    if lesson_video(title=title, phases=phases, out=partial) is None:
        partial.unlink(missing_ok=True)
        return None
    partial.replace(out)  # never leave a half-written file under the final name
    return out
