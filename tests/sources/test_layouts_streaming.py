"""Large sources are streamed, never read whole, and can be sampled with max_files."""

import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sources.layouts import SourceProblem, SourceSample, read_source
from sources.layouts.lines import iter_lines
from tests.sources.test_layouts_support import jpeg, key, make, read, request, where

IMAGE_CLASSIFICATION, TEXT_CLASSIFICATION, TABLE = 0, 100, 400


def big_manifest(lines: int) -> str:
    records = ({"source": f"content://sample {n}", "annotation": [{"name": "x"}]} for n in range(lines))
    return "".join(json.dumps(record) + "\n" for record in records)


def test_a_large_manifest_yields_its_first_sample_before_it_is_read_through(tmp_path: Path) -> None:
    storage = make(tmp_path, {"big.manifest": big_manifest(60_000)})
    total = (tmp_path / "obs/bkt/big.manifest").stat().st_size
    assert total > 3 * 1024 * 1024
    reported: list[tuple[int, int | None]] = []
    items = read_source(storage, request("big.manifest", import_type="manifest"), TEXT_CLASSIFICATION,
                        progress=lambda done, of: reported.append((done, of)))
    first = next(items)
    assert isinstance(first, SourceSample) and first.key == key("big.manifest#1")
    assert reported and max(done for done, _ in reported) < total / 10
    assert all(of == total for _, of in reported)
    rest = sum(1 for item in items if isinstance(item, SourceSample))
    assert rest == 59_999
    assert reported[-1][0] == total


def test_max_files_samples_a_manifest(tmp_path: Path) -> None:
    storage = make(tmp_path, {"big.manifest": "\n" + big_manifest(5_000)})
    reported: list[int] = []
    samples, problems = read(storage, request("big.manifest", import_type="manifest"), TEXT_CLASSIFICATION,
                             max_files=25, progress=lambda done, of: reported.append(done))
    assert [s.key for s in samples] == [key(f"big.manifest#{n}") for n in range(2, 27)]
    assert where(problems) == [(key("big.manifest"), None, "sampled")]
    assert problems[0].severity == "info" and "25" in str(problems[0].message)
    assert max(reported) < (tmp_path / "obs/bkt/big.manifest").stat().st_size


def test_max_files_samples_a_folder(tmp_path: Path) -> None:
    storage = make(tmp_path, {f"imgs/c{n // 100}/{n:04d}.jpg": jpeg() for n in range(250)})
    reported: list[tuple[int, int | None]] = []
    samples, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION, max_files=120,
                             progress=lambda done, of: reported.append((done, of)))
    assert len(samples) == 120 and samples[-1].key == key("imgs/c1/0119.jpg")
    assert [p.code for p in problems] == ["sampled"]
    assert reported == [(100, None), (120, None)]
    samples, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION, max_files=250)
    assert len(samples) == 250 and problems == []


def test_max_files_bounds_text_and_table_lines(tmp_path: Path) -> None:
    storage = make(tmp_path, {"t/a.txt": "".join(f"text {n}\tl{n % 3}\n" for n in range(1000)),
                              "t/b.txt": "more\tl1\n",
                              "tab/a.csv": "".join(f"{n},{n}\n" for n in range(1000))})
    samples, problems = read(storage, request("t/"), TEXT_CLASSIFICATION, max_files=10)
    assert len(samples) == 10 and [p.code for p in problems] == ["sampled"]
    samples, problems = read(storage, request("tab/"), TABLE, max_files=7, schema_columns=2)
    assert [s.key for s in samples][-1] == key("tab/a.csv#7") and [p.code for p in problems] == ["sampled"]


def test_a_line_over_the_limit_is_reported_and_the_next_one_read(tmp_path: Path) -> None:
    long_line = json.dumps({"source": "content://" + "y" * (1024 * 1024 + 10)})
    storage = make(tmp_path, {"m.manifest": big_manifest(1) + long_line + "\n" + big_manifest(1)})
    samples, problems = read(storage, request("m.manifest", import_type="manifest"), TEXT_CLASSIFICATION)
    assert [s.key for s in samples] == [key("m.manifest#1"), key("m.manifest#3")]
    assert where(problems) == [(key("m.manifest"), 2, "line_too_long")]


def test_iter_lines_across_chunk_boundaries() -> None:
    data = "\ufeffalpha\r\nbeta\n\ngamma-is-long\ndelta".encode()
    for chunk in (1, 2, 3, 5, 64):
        stream = io.BytesIO(data)
        lines = [(n, line) for n, line, _ in iter_lines(stream, chunk_bytes=chunk, max_line_bytes=9)]
        assert lines == [(1, b"alpha"), (2, b"beta"), (3, b""), (4, None), (5, b"delta")], chunk
    assert list(iter_lines(io.BytesIO(b""))) == []
    assert [line for _, line, _ in iter_lines(io.BytesIO(b"a\n"))] == [b"a"]
    assert [line for _, line, _ in iter_lines(io.BytesIO(b"123456789"), max_line_bytes=8)] == [None]


@given(
    data=st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff"]), max_size=40)
    .map(b"".join),
    chunk=st.integers(min_value=1, max_value=9),
    limit=st.integers(min_value=1, max_value=12),
)
def test_iter_lines_splits_like_bytes_split(data: bytes, chunk: int, limit: int) -> None:
    parts = data.split(b"\n")
    if parts[-1] == b"":
        parts.pop()
    expected = [
        None if len(part) > limit else part.removesuffix(b"\r").removeprefix(b"\xef\xbb\xbf" if n == 1 else b"")
        for n, part in enumerate(parts, start=1)
    ]
    found = list(iter_lines(io.BytesIO(data), chunk_bytes=chunk, max_line_bytes=limit))
    assert [line for _, line, _ in found] == expected
    assert [n for n, _, _ in found] == list(range(1, len(expected) + 1))
    assert all(consumed <= len(data) for _, _, consumed in found)


def test_problems_of_a_sampled_read_are_still_reported_with_lines(tmp_path: Path) -> None:
    storage = make(tmp_path, {"m.manifest": big_manifest(3) + "{broken\n" + big_manifest(100)})
    samples, problems = read(storage, request("m.manifest", import_type="manifest"), TEXT_CLASSIFICATION,
                             max_files=10)
    assert len(samples) == 9
    assert [(p.line, p.code) for p in problems if isinstance(p, SourceProblem)] == [(4, "manifest_json"),
                                                                                    (None, "sampled")]
