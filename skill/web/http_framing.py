"""Where an HTTP/1.1 request ends in a buffer: the framing rules of RFC 9112, section 6.

Only what :mod:`skill.web.worker` needs to know when a whole request has arrived; validating the
request is gunicorn's parser's job, so anything malformed counts as "complete" and is handed
over to be refused there.
"""

from __future__ import annotations

#: Largest header section waited for; gunicorn refuses anything near this anyway.
MAX_HEAD_BYTES = 64 * 1024
#: Largest body waited for; above the webhook's 256 KiB, so it can answer 413 itself.
MAX_BODY_BYTES = 512 * 1024


def request_end(buffer: bytes | bytearray) -> int | None:
    """The length of the first request in ``buffer`` if it has all arrived, else None.

    A malformed request, or one larger than the limits above, counts as complete: its length is
    then what is there (or its header section, when the body need not be read to refuse it).
    """
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return len(buffer) if len(buffer) > MAX_HEAD_BYTES else None
    body_start = head_end + 4
    fields: dict[bytes, list[bytes]] = {}
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields.setdefault(name.strip().lower(), []).append(value.strip().lower())
    if any(b"chunked" in value for value in fields.get(b"transfer-encoding", [])):
        return _chunked_end(buffer, body_start)
    lengths = fields.get(b"content-length")
    if not lengths:
        return body_start
    try:
        length = int(lengths[0])
    except ValueError:
        return body_start
    if length < 0 or length > MAX_BODY_BYTES:  # refused on the header alone
        return body_start
    end = body_start + length
    return end if len(buffer) >= end else None


def _chunked_end(buffer: bytes | bytearray, position: int) -> int | None:
    """The end of a chunked body starting at ``position`` (after its trailers), or None."""
    decoded = 0
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size_text = bytes(buffer[position:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return len(buffer)
        position = line_end + 2
        if size == 0:
            trailers_end = buffer.find(b"\r\n\r\n", position - 2)
            return trailers_end + 4 if trailers_end >= 0 else None
        decoded += size
        if size < 0 or decoded > MAX_BODY_BYTES:
            return len(buffer)
        position += size + 2
        if position > len(buffer):
            return None
