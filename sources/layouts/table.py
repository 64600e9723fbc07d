"""Table datasets: a folder of .csv files (or one file); rows whose column count differs from the
dataset's schema are dropped, as the service drops them silently, and reported here."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from models.messages import N_, Message

from ..storage import StoredObject
from .context import ReadContext
from .files import characters_problem, extension
from .lines import iter_lines
from .types import LINE_NOT_UTF8, LINE_TOO_LONG, SourceProblem, SourceSample

Item = SourceSample | SourceProblem


def read_table(ctx: ReadContext) -> Iterator[Item]:
    request = ctx.request
    source = request.data_source
    header = bool(request.with_column_header or (source and source.with_column_header))
    reader = _TableReader(ctx, header)
    for obj in ctx.list_files():
        if extension(obj.key) != ".csv" and not ctx.root_is_file:
            continue
        problem = characters_problem(obj, ctx.relative(obj.key))
        if problem:
            yield problem
            continue
        yield from reader.read_file(obj)
        if reader.exhausted:
            return


class _TableReader:
    def __init__(self, ctx: ReadContext, header: bool) -> None:
        self.ctx = ctx
        self.header = header
        self.columns = ctx.schema_columns  # from the first row read when the dataset has no schema
        self.rows = 0
        self.exhausted = False
        self._pending: list[SourceProblem] = []

    def read_file(self, obj: StoredObject) -> Iterator[Item]:
        with self.ctx.storage.open(obj.key) as stream:
            reader = csv.reader(self._feed(obj, stream))
            first = True
            previous_end = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield from self._drain()
                    yield SourceProblem(
                        obj.key, reader.line_num, "csv_malformed",
                        Message(N_("the CSV cannot be parsed here ({reason}); the rest of the file is not imported."),
                                {"reason": str(exc)}),
                    )
                    return
                start, previous_end = previous_end + 1, reader.line_num
                yield from self._drain()
                if not row:
                    continue
                is_header, first = first and self.header, False
                if not is_header:
                    if self.ctx.max_files is not None and self.rows >= self.ctx.max_files:
                        self.exhausted = self.ctx.sampled = True
                        return
                    self.rows += 1
                if self.columns is None:
                    self.columns = len(row)
                if len(row) != self.columns:
                    yield SourceProblem(
                        obj.key, start, "csv_column_count",
                        Message(
                            N_("the header has {count} columns but the dataset's schema has {columns}; the service "
                               "silently drops such rows. Fix the row or the schema.") if is_header
                            else N_("the row has {count} columns but the dataset's schema has {columns}; the service "
                                    "silently drops such rows. Fix the row or the schema."),
                            {"count": len(row), "columns": self.columns},
                        ),
                    )
                    continue
                if is_header:
                    continue
                size = sum(len(value.encode("utf-8")) for value in row) + len(row) - 1
                yield SourceSample(f"{obj.key}#{start}", obj.key, "table_row", [], size=size)
        yield from self._drain()

    def _feed(self, obj: StoredObject, stream: object) -> Iterator[str]:
        """The file's lines for csv.reader, one per physical line so that line numbers stay true."""
        total = self.ctx.storage.size(obj.key) if self.ctx.root_is_file else None
        last = -1
        for line_no, raw, consumed in iter_lines(stream):  # type: ignore[arg-type]
            if total is not None and consumed != last:
                self.ctx.report_bytes(consumed, total)
                last = consumed
            text = None
            if raw is None:
                self._pending.append(SourceProblem(
                    obj.key, line_no, "line_too_long", LINE_TOO_LONG
                ))
            else:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    self._pending.append(SourceProblem(
                        obj.key, line_no, "encoding", LINE_NOT_UTF8
                    ))
            yield (text or "") + "\n"

    def _drain(self) -> Iterator[SourceProblem]:
        while self._pending:
            yield self._pending.pop(0)
