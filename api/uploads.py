"""Upload size limits enforced while the request comes in, not after the file is on disk.

An upload declared (Content-Length) larger than the limit is refused before its body is read;
one that streams past the limit without saying so (chunked transfer, a lying Content-Length) is
stopped at the first chunk over it, before any later upload handler writes that chunk. Either
way the answer is 413 naming the file field and MAX_UPLOAD_BYTES, and nothing is kept.
"""
from django.core.files.uploadhandler import FileUploadHandler

from annotator.services.errors import LimitExceeded

# A multipart body holds the file plus its framing (boundaries, part headers) and the small form
# fields beside it (format, as, model, options): a declared length up to this much over the file
# limit may still carry a file within it, so it is left to the streaming check.
FORM_ALLOWANCE_BYTES = 64 * 1024


def upload_limit(request, *, limit: int) -> None:
    """Refuse (LimitExceeded, 413) a request whose Content-Length says it is larger than `limit` bytes
    of file, and make the parsing of its body stop a file at `limit` bytes. Call it before
    `request.data` is first read."""
    declared = _content_length(request.META)
    if declared is not None and declared > limit + FORM_ALLOWANCE_BYTES:
        raise LimitExceeded(f"the upload is {declared} bytes, over the limit of {limit} (MAX_UPLOAD_BYTES)",
                            errors=[{"field": "file", "message": f"larger than {limit} bytes"}])
    request.upload_handlers.insert(0, UploadLimitHandler(request, limit=limit))


def _content_length(meta) -> int | None:
    try:
        return int(meta.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class UploadLimitHandler(FileUploadHandler):
    """First in the chain: counts each file's bytes and raises LimitExceeded past `limit`; hands every
    chunk on unchanged otherwise (the next handlers keep the file in memory or on disk)."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            name = self.file_name or "upload"
            raise LimitExceeded(f"file {name!r} is larger than the limit of {self.limit} bytes (MAX_UPLOAD_BYTES)",
                                errors=[{"field": "file", "message": f"larger than {self.limit} bytes"}])
        return raw_data

    def file_complete(self, file_size):
        return None  # the file is the next handler's
