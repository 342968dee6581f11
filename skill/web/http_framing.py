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
    return RequestFraming().end(buffer)


class RequestFraming:
    """:func:`request_end` for a buffer that grows at its end, read by read, in linear time.

    Call :meth:`end` after each read with the whole buffer so far, until it returns a length.
    The header section is parsed once, when its end first appears; a chunked body is walked
    from where the last read left off.
    """

    def __init__(self) -> None:
        #: Where the body starts, once the header section has all arrived.
        self.body_start: int | None = None
        #: Whether the header section asks for ``100 Continue``.
        self.expects_continue = False
        self._searched = 0  # where the next search for an end (of line or section) starts
        self._chunked = False
        self._end = 0  # for a body that is not chunked: where the request ends
        self._position = 0  # for a chunked body: the next chunk-size line, or the trailers
        self._decoded = 0
        self._in_trailers = False

    def end(self, buffer: bytes | bytearray) -> int | None:
        """The length of the request in ``buffer`` if it has all arrived, else None."""
        if self.body_start is None:
            head_end = buffer.find(b"\r\n\r\n", self._searched)
            if head_end < 0:
                self._searched = max(0, len(buffer) - 3)
                return len(buffer) if len(buffer) > MAX_HEAD_BYTES else None
            self._parse_head(bytes(buffer[:head_end]), head_end + 4)
        if self._chunked:
            return self._chunked_end(buffer)
        return self._end if len(buffer) >= self._end else None

    def _parse_head(self, head: bytes, body_start: int) -> None:
        self.body_start = body_start
        self.expects_continue = b"\r\nexpect: 100-continue" in head.lower()
        fields: dict[bytes, list[bytes]] = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            fields.setdefault(name.strip().lower(), []).append(value.strip().lower())
        if any(b"chunked" in value for value in fields.get(b"transfer-encoding", [])):
            self._chunked = True
            self._position = self._searched = body_start
            return
        self._end = body_start
        lengths = fields.get(b"content-length")
        if not lengths:
            return
        try:
            length = int(lengths[0])
        except ValueError:
            return
        if 0 <= length <= MAX_BODY_BYTES:  # else refused on the header alone
            self._end = body_start + length

    def _chunked_end(self, buffer: bytes | bytearray) -> int | None:
        """The end of the chunked body (after its trailers), or None."""
        while not self._in_trailers:
            line_end = buffer.find(b"\r\n", max(self._position, self._searched))
            if line_end < 0:
                self._searched = max(self._position, len(buffer) - 1)
                return None
            size_text = bytes(buffer[self._position : line_end]).split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                return len(buffer)
            self._position = line_end + 2
            if size == 0:
                self._in_trailers = True
                self._searched = self._position - 2
                break
            self._decoded += size
            if size < 0 or self._decoded > MAX_BODY_BYTES:
                return len(buffer)
            self._position += size + 2
            if self._position > len(buffer):
                return None
        trailers_end = buffer.find(b"\r\n\r\n", self._searched)
        if trailers_end < 0:
            self._searched = max(self._position - 2, len(buffer) - 3)
            return None
        return trailers_end + 4
