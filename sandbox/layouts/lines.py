"""Reading text files line by line from a Storage stream, never holding more than a chunk and a line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

MAX_LINE_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024


def iter_lines(stream: BinaryIO, *, max_line_bytes: int = MAX_LINE_BYTES,
               chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line without its end of line or None when longer than max_line_bytes, bytes read).

    The UTF-8 byte order mark of the first line is removed; "\\r\\n" ends a line like "\\n".
    """
    buffer = b""
    line_no = 0
    consumed = 0
    too_long = False
    while True:
        chunk = stream.read(chunk_bytes)
        if not chunk:
            break
        consumed += len(chunk)
        pieces = chunk.split(b"\n")  # one C call per chunk instead of a find per line
        last = pieces.pop()
        if pieces:
            first = pieces[0]
            line_no += 1
            if too_long or len(buffer) + len(first) > max_line_bytes:
                yield line_no, None, consumed
            else:
                yield line_no, _clean(buffer + first, line_no), consumed
            buffer = b""
            too_long = False
            for piece in pieces[1:]:
                line_no += 1
                if len(piece) > max_line_bytes:
                    yield line_no, None, consumed
                elif piece[-1:] == b"\r":
                    yield line_no, piece[:-1], consumed
                else:
                    yield line_no, piece, consumed
        if not too_long:
            buffer += last
            if len(buffer) > max_line_bytes:
                too_long = True
                buffer = b""
    if buffer or too_long:
        line_no += 1
        yield line_no, None if too_long else _clean(buffer, line_no), consumed


def _clean(line: bytes, line_no: int) -> bytes:
    line = line.removesuffix(b"\r")
    return line.removeprefix(b"\xef\xbb\xbf") if line_no == 1 else line
