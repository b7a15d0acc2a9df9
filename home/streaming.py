"""Serving a stored video or audio file with HTTP Range support (播放器拖动进度).

Players seek by asking for byte ranges. One behaviour for every app that streams media: a
single ``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` range is answered with 206 and streamed in
chunks (never read whole into memory); a range outside the file is 416; anything else gets
the whole file with ``Accept-Ranges: bytes``. Every answer says ``Content-Disposition: inline``
(play in the page) unless the caller asks for ``as_attachment`` (a 下载 the rules allowed).
"""

from __future__ import annotations

import mimetypes
import re

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

RANGE_RE = re.compile(r"bytes=([0-9]{0,18})-([0-9]{0,18})")
CHUNK = 64 * 1024


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


def ranged_file_response(
    request, *, file, content_type: str | None = None, as_attachment: bool = False, filename: str = ""
) -> HttpResponse:
    """Answer ``request`` with the Django ``File`` ``file``, honouring a single Range; inline
    unless ``as_attachment`` (then saved as ``filename``, by default the stored file's name)."""
    content_type = content_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    size = file.size
    match = RANGE_RE.fullmatch(request.headers.get("Range", "").strip())
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
        handle = file.open("rb")
        handle.seek(start)
        response = FileResponse(_limited(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    if as_attachment:
        response["Content-Disposition"] = content_disposition_header(True, filename or file.name.rsplit("/", 1)[-1])
    else:
        response["Content-Disposition"] = "inline"
    return response
