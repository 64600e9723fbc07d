"""The manifest reader's per-line fast path gives exactly what the full reading of a line gives."""

import os
from pathlib import Path

import pytest

from sources.layouts import manifest as manifest_reader
from sources.layouts import read_source
from sources.storage import LocalStorage
from tests.sources.test_layouts_support import jpeg, make, manifest, request, voc_xml

IMAGE_CLASSIFICATION, OBJECT_DETECTION, TEXT_CLASSIFICATION = 0, 1, 100

LINES = [
    {"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "cat"}]},
    {"source": "obs://bkt/img/a.jpg", "annotation": [{"name": "cat"}, {"name": "dog", "hard": True}]},
    {"source": "s3://bkt/img/a.jpg", "hard": True, "annotation": [{"name": "cat", "hard": False}]},
    {"source": "s3://bkt/img/a.jpg", "hard": "true", "annotation": [{"name": "cat", "hard": "1"}]},
    {"source": "s3://bkt/img/a.jpg", "annotation": []},
    {"source": "s3://bkt/img/a.jpg"},
    {"source": "s3://bkt/img/A.JPG", "annotation": [{"name": "cat"}]},
    {"source": "/bkt/img/a.jpg", "annotation": [{"name": "cat"}]},
    {"source": "s3://bkt/img/.hidden.jpg"},
    {"source": "s3://bkt/img/a.jpg/"},
    {"source": "s3://bkt/img//a.jpg"},
    {"source": "s3://bkt/img/../img/a.jpg"},
    {"source": "s3://bkt/img/a b.jpg"},
    {"source": "s3://bkt/img/missing.jpg", "annotation": [{"name": "cat"}]},
    {"source": "s3://bkt/nowhere/a.jpg"},
    {"source": "s3://bkt/img/folder.jpg"},
    {"source": "s3://bkt/img/inside-link.jpg", "annotation": [{"name": "cat"}]},
    {"source": "s3://bkt/img/outside-link.jpg"},
    {"source": "s3://bkt"},
    {"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "cat"}], "note": "extra keys are fine"},
    {"source": "s3://bkt/img/big.jpg", "annotation": [{"name": "cat"}]},
    ' {"source": "s3://bkt/img/a.jpg"} ',
    '{"source": "s3://bkt/img/a.jpg"} {}',
    '{"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "cat"}], "score": NaN}',
    '{"source": "s3://bkt/img/a.jpg", "id": 123456789012345678901234567890}',
    '{"source": "s3://bkt/img/b.txt", "source": "s3://bkt/img/a.jpg"}',
    '{"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "\\ud800"}]}',
    '{"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "caf\\u00e9"}, {"name": "\\u732b"}]}',
    '{"source": "s3:\\/\\/bkt\\/img\\/a.jpg"}',
    '\t{"source": "s3://bkt/img/a.jpg"}\r',
    {"source": "s3://bkt/img/anim.gif"},
    {"source": "s3://bkt/img/noext"},
    {"source": "s3://bkt/img/b.txt", "annotation": [{"name": "cat"}]},
    {"source": "content://some text", "annotation": [{"name": "cat"}]},
    {"source": "http://elsewhere/a.jpg"},
    {"source": ""},
    {"source": 3},
    {"annotation": [{"name": "cat"}]},
    {"source": "s3://bkt/img/a.jpg", "annotation": {"name": "cat"}},
    {"source": "s3://bkt/img/a.jpg", "annotation": ["cat", {"name": "dog"}]},
    {"source": "s3://bkt/img/a.jpg", "annotation": [{"name": ""}, {"name": 7}, {}]},
    {"source": "s3://bkt/img/a.jpg", "annotation": [{"name": "cat", "annotation-loc": "s3://bkt/img/a.xml"}]},
    {"source": "s3://bkt/img/a.jpg", "annotation": [{"annotation_loc": "s3://bkt/img/gone.xml"}]},
    "[1, 2]",
    "not json",
    "   ",
]


def _full_way(ctx: object, lookups: object = None) -> object:  # every line goes the full way
    return lambda lines: manifest_reader._Pending([None] * len(lines))


def _items(storage: LocalStorage, dataset_type: int, lookups: str) -> list[object]:
    req = request("m.manifest", import_type="manifest")
    return list(read_source(storage, req, dataset_type, lenient=True, check_sources=lookups != "none",
                            source_sizes=lookups == "sizes"))


@pytest.mark.parametrize("dataset_type", [IMAGE_CLASSIFICATION, OBJECT_DETECTION, TEXT_CLASSIFICATION])
@pytest.mark.parametrize("lookups", ["sizes", "existence", "none"])
def test_fast_path_matches_the_full_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset_type: int,
                                            lookups: str) -> None:
    """The fast path on a snapshot storage (existence from one listing of each folder; sizes looked up a chunk at
    a time) against the full way on a plain one (each object looked up by
    itself)."""
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg())
    files: dict[str, bytes | str] = {
        "img/a.jpg": jpeg(), "img/A.JPG": jpeg(), "img/.hidden.jpg": jpeg(), "img/anim.gif": b"GIF89a",
        "img/noext": b"x", "img/b.txt": "hello", "img/a b.jpg": jpeg(),
        "img/a.xml": voc_xml("<object><name>bird</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax>"
                             "<ymax>5</ymax></bndbox></object>"),
        "m.manifest": manifest(*LINES).encode() + b"\xff\xfe{}\n",
    }
    make(tmp_path / "root", files)
    images = tmp_path / "root/obs/bkt/img"
    (images / "folder.jpg").mkdir()
    os.symlink(images / "a.jpg", images / "inside-link.jpg")
    os.symlink(outside, images / "outside-link.jpg")
    with (images / "big.jpg").open("wb") as out:
        out.truncate(5 * 1024 * 1024 + 1)  # over the limit for images
    storage = LocalStorage(tmp_path / "root", snapshot=True)
    taken: list[object] = []
    real_fast_lines = manifest_reader._fast_lines

    def counting(ctx: object, lookups: object = None) -> object:
        fast_lines = real_fast_lines(ctx, lookups)  # type: ignore[arg-type]

        def lines(raw: list[bytes | None]) -> object:
            pending = fast_lines(raw)
            real_samples = pending.samples

            def samples() -> list[object]:
                found = real_samples()
                taken.extend(sample for sample in found if sample is not None)
                return found

            pending.samples = samples  # type: ignore[method-assign]
            return pending

        return lines

    monkeypatch.setattr(manifest_reader, "_fast_lines", counting)
    fast = _items(storage, dataset_type, lookups)
    assert len(taken) >= 4  # the plain lines went the fast way
    monkeypatch.setattr(manifest_reader, "_fast_lines", _full_way)
    full = _items(LocalStorage(tmp_path / "root"), dataset_type, lookups)
    assert fast == full
    assert any(getattr(item, "code", None) == "manifest_json" for item in full)  # the bad lines were read too
    assert sum(1 for item in full if hasattr(item, "annotations")) >= 10


@pytest.mark.parametrize("sizes", [False, True])
@pytest.mark.parametrize("max_files", [None, 2500, 1000])
def test_chunks_of_plain_lines_give_every_line_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       max_files: int | None, sizes: bool) -> None:
    """Over several 64 KB chunks (a blank line in one of them), with and without a bound on the lines read;
    existence from a listing, or sizes looked up ahead a chunk at a time."""
    lines: list[object] = [{"source": f"s3://bkt/img/{n:04d}.jpg", "annotation": [{"name": f"l{n % 3}"}]}
                           for n in range(3000)]
    lines[1500] = "   "
    files: dict[str, bytes | str] = {f"img/{n:04d}.jpg": b"x" for n in range(3000)}
    files["m.manifest"] = manifest(*lines)
    storage = make(tmp_path, files)
    req = request("m.manifest", import_type="manifest")

    def items() -> list[object]:
        return list(read_source(LocalStorage(storage.root, snapshot=True), req,
                                IMAGE_CLASSIFICATION, lenient=True, max_files=max_files, source_sizes=sizes))

    fast = items()
    monkeypatch.setattr(manifest_reader, "_fast_lines", _full_way)
    assert fast == items()
    samples = [item for item in fast if hasattr(item, "key")]
    expected = [n for n in range(3000) if n != 1500][:max_files]
    assert [sample.key for sample in samples] == [f"obs/bkt/img/{n:04d}.jpg" for n in expected]  # type: ignore[attr-defined]
    assert [getattr(item, "code", None) for item in fast if not hasattr(item, "key")] == (
        [] if max_files is None else ["sampled"])
