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
    for first, lines, consumed in iter_line_chunks(stream, max_line_bytes=max_line_bytes, chunk_bytes=chunk_bytes):
        for offset, line in enumerate(lines):
            yield first + offset, line, consumed


def iter_line_chunks(stream: BinaryIO, *, max_line_bytes: int = MAX_LINE_BYTES, chunk_bytes: int = CHUNK_BYTES
                     ) -> Iterator[tuple[int, list[bytes | None], int]]:
    """The lines of `stream` as iter_lines gives them, a chunk at a time: (number of the first line, the
    lines ended in the chunk read, bytes read), for readers that go through many short lines."""
    buffer = b""
    line_no = 0  # lines given so far
    consumed = 0
    too_long = False
    while True:
        chunk = stream.read(chunk_bytes)
        if not chunk:
            break
        consumed += len(chunk)
        pieces: list[bytes | None] = chunk.split(b"\n")  # type: ignore[assignment]  # one C call per chunk
        last = pieces.pop()
        if pieces:
            unusual = b"\r" in chunk or max(map(len, pieces)) > max_line_bytes  # type: ignore[arg-type]
            first = pieces[0]
            if too_long or len(buffer) + len(first) > max_line_bytes:
                pieces[0] = None
            else:
                pieces[0] = _clean(buffer + first, line_no + 1)  # type: ignore[operator]
            buffer = b""
            too_long = False
            if unusual:  # seldom: the lines of most chunks need nothing more
                for index in range(1, len(pieces)):
                    piece = pieces[index]
                    if len(piece) > max_line_bytes:  # type: ignore[arg-type]
                        pieces[index] = None
                    elif piece[-1:] == b"\r":  # type: ignore[index]
                        pieces[index] = piece[:-1]  # type: ignore[index]
            yield line_no + 1, pieces, consumed
            line_no += len(pieces)
        if not too_long:
            buffer += last  # type: ignore[operator]
            if len(buffer) > max_line_bytes:
                too_long = True
                buffer = b""
    if buffer or too_long:
        yield line_no + 1, [None if too_long else _clean(buffer, line_no + 1)], consumed


def _clean(line: bytes, line_no: int) -> bytes:
    line = line.removesuffix(b"\r")
    return line.removeprefix(b"\xef\xbb\xbf") if line_no == 1 else line
