"""Text datasets from a folder (or one file): text classification with label_format.label_type "1"
(text<sample separator>label1<label separator>label2 per line) or "0" (x.txt + x_result.txt), and the
other text types (one unlabeled sample per line)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest

from models.messages import N_, Message, Text

from ..storage import StoredObject
from .context import ReadContext
from .files import characters_problem, extension
from .lines import iter_lines
from .types import (
    LINE_NOT_UTF8,
    LINE_TOO_LONG,
    LINE_UNREADABLE,
    TEXT_CLASSIFICATION,
    SampleAnnotation,
    SourceProblem,
    SourceSample,
)

Item = SourceSample | SourceProblem
DEFAULT_SAMPLE_SEPARATOR = "\t"
DEFAULT_LABEL_SEPARATOR = ","
RESULT_SUFFIX = "_result.txt"
_SEPARATOR_NAMES: dict[str, Text] = {"\t": "Tab", " ": Message(N_("space"))}


def read_text(ctx: ReadContext) -> Iterator[Item]:
    label_format = ctx.request.label_format
    label_type = str(label_format.label_type) if label_format and label_format.label_type is not None else "1"
    sample_separator = (label_format and label_format.text_sample_separator) or DEFAULT_SAMPLE_SEPARATOR
    label_separator = (label_format and label_format.text_label_separator) or DEFAULT_LABEL_SEPARATOR
    classify = ctx.dataset_type == TEXT_CLASSIFICATION
    separate = classify and label_type == "0"
    budget = _LineBudget(ctx)
    for obj in ctx.list_files():
        name = obj.key.rsplit("/", 1)[-1]
        if separate:
            if extension(name) != ".txt" or name.endswith(RESULT_SUFFIX):
                continue
        elif extension(name) not in (".txt", ".csv") and not ctx.root_is_file:
            continue
        problem = characters_problem(obj, ctx.relative(obj.key))
        if problem:
            yield problem
            continue
        if separate:
            yield from _separate_file(ctx, obj, label_separator, budget)
        elif classify:
            yield from _joined_file(ctx, obj, sample_separator, label_separator, budget)
        else:
            yield from _plain_file(ctx, obj, budget)
        if budget.exhausted:
            return


class _LineBudget:
    """max_files as a bound on the lines read, across all files."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.lines = 0
        self.exhausted = False

    def take(self) -> bool:
        if self.ctx.max_files is not None and self.lines >= self.ctx.max_files:
            self.exhausted = self.ctx.sampled = True
            return False
        self.lines += 1
        return True


def _lines(ctx: ReadContext, key: str) -> Iterator[tuple[int, str | None, SourceProblem | None]]:
    """(line number, text or None, problem or None) of each line of a text file, streamed."""
    total = ctx.storage.size(key) if ctx.root_is_file and key == ctx.root else None
    with ctx.storage.open(key) as stream:
        last = -1
        for line_no, raw, consumed in iter_lines(stream):
            if total is not None and consumed != last:
                ctx.report_bytes(consumed, total)
                last = consumed
            if raw is None:
                yield line_no, None, SourceProblem(
                    key, line_no, "line_too_long", LINE_TOO_LONG
                )
                continue
            try:
                yield line_no, raw.decode("utf-8"), None
            except UnicodeDecodeError:
                yield line_no, None, SourceProblem(
                    key, line_no, "encoding", LINE_NOT_UTF8
                )


def _text_sample(obj: StoredObject, line_no: int, text: str, labels: list[str]) -> SourceSample:
    return SourceSample(
        f"{obj.key}#{line_no}", "content://" + text, "text",
        [SampleAnnotation(label) for label in labels], size=len(text.encode("utf-8")),
    )


def _content_lines(ctx: ReadContext, key: str, budget: _LineBudget) -> Iterator[tuple[int, str | SourceProblem]]:
    """Each non-blank line within the budget, or the problem that stands in for an unreadable one."""
    for line_no, line, problem in _lines(ctx, key):
        if line is not None and not line.strip():
            continue
        if not budget.take():
            return
        if problem or line is None:
            yield line_no, problem or SourceProblem(key, line_no, "unreadable", LINE_UNREADABLE)
            continue
        yield line_no, line


def _joined_file(ctx: ReadContext, obj: StoredObject, sample_separator: str, label_separator: str,
                 budget: _LineBudget) -> Iterator[Item]:
    """label_type "1": text<sample separator>labels on each line."""
    shown = _SEPARATOR_NAMES.get(sample_separator, repr(sample_separator))
    for line_no, line in _content_lines(ctx, obj.key, budget):
        if isinstance(line, SourceProblem):
            yield line
            continue
        if sample_separator not in line:
            yield SourceProblem(
                obj.key, line_no, "text_no_separator",
                Message(N_("the line has no {separator} between text and label; it is imported as text without a "
                           "label. Add the separator or set label_format.text_sample_separator to the one used."),
                        {"separator": shown}), "warning",
            )
            yield _text_sample(obj, line_no, line, [])
            continue
        text, _, label_part = line.rpartition(sample_separator)
        if not text.strip():
            yield SourceProblem(obj.key, line_no, "text_empty",
                                Message(N_("the line has labels but no text; it is not imported.")))
            continue
        labels = [label for label in label_part.split(label_separator) if label]
        yield _text_sample(obj, line_no, text, labels)


def _separate_file(ctx: ReadContext, obj: StoredObject, label_separator: str,
                   budget: _LineBudget) -> Iterator[Item]:
    """label_type "0": line n of x.txt is a text, line n of x_result.txt its label(s)."""
    result_key = obj.key[: -len(".txt")] + RESULT_SUFFIX
    has_result = ctx.storage.size(result_key) is not None
    results = _lines(ctx, result_key) if has_result else iter(())
    missing_reported = extra_reported = False
    for text_line, result_line in zip_longest(_lines(ctx, obj.key), results):
        if text_line is None:
            if not extra_reported:
                extra_reported = True
                yield SourceProblem(
                    result_key, result_line[0], "text_result_lines",
                    Message(N_("{result} has more lines than {file}; the extra labels are not imported."),
                            {"result": result_key, "file": obj.key}),
                    "warning",
                )
            continue
        line_no, line, problem = text_line
        if line is not None and not line.strip():
            continue
        if not budget.take():
            return
        if problem or line is None:
            yield problem or SourceProblem(obj.key, line_no, "unreadable", LINE_UNREADABLE)
            continue
        labels: list[str] = []
        if result_line is not None and result_line[1] is not None:
            labels = [label for label in result_line[1].split(label_separator) if label]
        elif result_line is not None and result_line[2] is not None:
            yield result_line[2]
        elif has_result and not missing_reported:
            missing_reported = True
            yield SourceProblem(
                result_key, line_no, "text_result_lines",
                Message(N_("{result} ends before {file}; from line {line} on the texts are imported without labels."),
                        {"result": result_key, "file": obj.key, "line": line_no}), "warning",
            )
        yield _text_sample(obj, line_no, line, labels)


def _plain_file(ctx: ReadContext, obj: StoredObject, budget: _LineBudget) -> Iterator[Item]:
    for line_no, line in _content_lines(ctx, obj.key, budget):
        yield line if isinstance(line, SourceProblem) else _text_sample(obj, line_no, line, [])
