"""Responses of the showcase that are not pages: the recording stream."""

from __future__ import annotations

import mimetypes
import re

from django.http import FileResponse, HttpResponse

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def recording_response(request, *, media) -> HttpResponse:
    """Stream a recording, honouring a single HTTP ``Range`` (players seek with it)."""
    content_type = mimetypes.guess_type(media.file.name)[0] or "application/octet-stream"
    size = media.file.size
    match = RANGE_RE.match(request.headers.get("Range", "").strip())
    if match and (match[1] or match[2]):
        if match[1]:
            start = int(match[1])
            end = min(int(match[2]), size - 1) if match[2] else size - 1
        else:  # "bytes=-N": the last N bytes
            start, end = max(0, size - int(match[2])), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle = media.file.open("rb")
        handle.seek(start)
        response = FileResponse(_limited(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(media.file.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    return response


def _limited(handle, length: int):
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()
