"""Each layout read with exact counts, and each problem kind found with the right file and line."""

import os
from pathlib import Path

import pytest

from models import ImportTaskRequest
from sources.layouts import ImportFailure, SampleAnnotation, read_source
from sources.layouts import voc as voc_reader
from sources.storage import LocalStorage
from tests.sources.test_layouts_support import (
    jpeg,
    key,
    labels,
    make,
    manifest,
    read,
    request,
    voc_xml,
    where,
)

IMAGE_CLASSIFICATION, OBJECT_DETECTION, SEGMENTATION = 0, 1, 3
SIZE = "<size><width>20</width><height>10</height><depth>3</depth></size>"
TEXT_CLASSIFICATION, NER, SOUND, TABLE, VIDEO, FREE = 100, 101, 200, 400, 600, 900
BOX = (
    "<object><name>{name}</name><difficult>{difficult}</difficult>\n"
    "<bndbox><xmin>{b[0]}</xmin><ymin>{b[1]}</ymin><xmax>{b[2]}</xmax><ymax>{b[3]}</ymax></bndbox></object>"
)


def box(name: str, b: tuple[int, int, int, int], difficult: int = 0) -> str:
    return BOX.format(name=name, b=b, difficult=difficult)


# image classification


def test_image_classification_label_folders_txt_companions_and_unlabeled(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "imgs/cat/1.jpg": jpeg(), "imgs/cat/2.JPEG": jpeg(), "imgs/dog/1.png": jpeg(),
        "imgs/dog/deep/3.bmp": jpeg(), "imgs/4.jpg": jpeg(), "imgs/4.txt": "cat\n\nCat\r\n",
        "imgs/5.jpg": jpeg(), "imgs/notes.md": "not an image", "imgs/6.txt": "orphan label file",
        "imgs/4.kk.jpg": jpeg(),
    })
    samples, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION)
    assert problems == []
    assert labels(samples) == {
        key("imgs/4.jpg"): ["Cat", "cat"], key("imgs/4.kk.jpg"): [], key("imgs/5.jpg"): [],
        key("imgs/cat/1.jpg"): ["cat"], key("imgs/cat/2.JPEG"): ["cat"], key("imgs/dog/1.png"): ["dog"],
        key("imgs/dog/deep/3.bmp"): ["dog"],
    }
    assert all(s.kind == "image" and s.source == s.key and s.size > 0 for s in samples)


def test_image_type_size_and_path_characters_are_reported_per_file(tmp_path: Path) -> None:
    storage = make(tmp_path, {"imgs/cat/ok.jpg": jpeg(), "imgs/cat/anim.gif": b"GIF89a",
                              "imgs/cat/my cat.jpg": jpeg(), "imgs/chat/été.jpg": jpeg()})
    big = tmp_path / "obs/bkt/imgs/cat/big.jpg"
    with big.open("wb") as out:
        out.truncate(5 * 1024 * 1024 + 1)
    samples, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION)
    assert [s.key for s in samples] == [key("imgs/cat/ok.jpg")]
    assert sorted(where(problems)) == [
        (key("imgs/cat/anim.gif"), None, "image_type"),
        (key("imgs/cat/big.jpg"), None, "image_too_large"),
        (key("imgs/cat/my cat.jpg"), None, "path_characters"),
        (key("imgs/chat/été.jpg"), None, "path_characters"),
    ]
    assert all(p.severity == "error" and p.message for p in problems)


def test_keys_are_stable_across_runs(tmp_path: Path) -> None:
    storage = make(tmp_path, {"imgs/cat/1.jpg": jpeg(), "t/a.txt": "one\tx\ntwo\ty\n"})
    for path, dataset_type in (("imgs/", IMAGE_CLASSIFICATION), ("t/", TEXT_CLASSIFICATION)):
        first, _ = read(storage, request(path), dataset_type)
        second, _ = read(LocalStorage(tmp_path), request(path), dataset_type)
        assert [s.key for s in first] == [s.key for s in second]
    text, _ = read(storage, request("t/"), TEXT_CLASSIFICATION)
    assert [s.key for s in text] == [key("t/a.txt#1"), key("t/a.txt#2")]


# object detection and segmentation (PASCAL VOC)


def test_voc_folder_with_boxes_difficult_and_unlabeled_images(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "od/a.jpg": jpeg(), "od/a.xml": voc_xml(box("cat", (1, 1, 5, 5)) + box("dog", (6, 2, 20, 10), 1)),
        "od/b.jpg": jpeg(), "od/c.xml": voc_xml(box("cat", (1, 1, 5, 5))),
    })
    samples, problems = read(storage, request("od/"), OBJECT_DETECTION)
    assert where(problems) == [(key("od/c.xml"), None, "voc_no_image")]
    assert labels(samples) == {key("od/a.jpg"): ["cat", "dog"], key("od/b.jpg"): []}
    assert samples[0].annotations == [SampleAnnotation("cat", False, (1, 1, 5, 5)),
                                      SampleAnnotation("dog", True, (6, 2, 20, 10))]


def test_voc_problems_with_file_and_line(tmp_path: Path) -> None:
    outside = voc_xml(box("ok", (0, 0, 20, 10)) + "\n" + box("cat", (2, 2, 21, 9)))
    inverted = voc_xml(box("dog", (9, 1, 3, 5)))
    no_size = voc_xml(box("cat", (1, 1, 3, 3)), size="")
    bad_size = voc_xml(box("cat", (1, 1, 3, 3)), size="<size>\n<width>0</width><height>x</height></size>")
    malformed = '<?xml version="1.0"?>\n<annotation>\n<object>\n</annotation>\n'
    no_name = voc_xml("<object>\n<bndbox><xmin>1</xmin></bndbox></object>")
    bad_number = voc_xml("<object><name>cat</name>\n<bndbox><xmin>a</xmin><ymin>1</ymin><xmax>2</xmax>"
                         "<ymax>2</ymax></bndbox></object>")
    files = {"outside": outside, "inverted": inverted, "no_size": no_size, "bad_size": bad_size,
             "malformed": malformed, "no_name": no_name, "bad_number": bad_number}
    storage = make(tmp_path, {f"od/{n}.jpg": jpeg() for n in files}
                   | {f"od/{n}.xml": x for n, x in files.items()})
    samples, problems = read(storage, request("od/"), OBJECT_DETECTION)
    assert sorted(where(problems)) == sorted([
        (key("od/outside.xml"), 7, "voc_box_outside"),
        (key("od/inverted.xml"), 5, "voc_box_inverted"),
        (key("od/no_size.xml"), 2, "voc_no_size"),
        (key("od/bad_size.xml"), 3, "voc_no_size"),
        (key("od/malformed.xml"), 4, "voc_malformed"),
        (key("od/no_name.xml"), 4, "voc_no_name"),
        (key("od/bad_number.xml"), 5, "voc_malformed"),
    ])
    assert len(samples) == 7  # the images are imported; only the broken objects are left out
    assert labels(samples)[key("od/outside.jpg")] == ["ok"]
    assert labels(samples)[key("od/no_size.jpg")] == ["cat"]
    assert labels(samples)[key("od/inverted.jpg")] == []


def test_xml_entity_expansion_and_external_entities_are_refused(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE annotation [\n<!ENTITY a "aaaaaaaaaa">\n'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
              + "]>\n<annotation><object><name>&i;</name></object></annotation>\n")
    external = ('<?xml version="1.0"?>\n<!DOCTYPE annotation [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                "<annotation><object><name>&x;</name></object></annotation>\n")
    storage = make(tmp_path, {"od/bomb.jpg": jpeg(), "od/bomb.xml": laughs,
                              "od/ext.jpg": jpeg(), "od/ext.xml": external})
    samples, problems = read(storage, request("od/"), OBJECT_DETECTION)
    assert where(problems) == [(key("od/bomb.xml"), None, "xml_forbidden"),
                               (key("od/ext.xml"), None, "xml_forbidden")]
    assert labels(samples) == {key("od/bomb.jpg"): [], key("od/ext.jpg"): []}


@pytest.mark.parametrize("encoding", ["utf-16", "cp037"])
def test_a_dtd_in_another_encoding_is_not_missed(tmp_path: Path, encoding: str) -> None:
    """Files without a DTD go to the standard library's C parser: one whose DTD does not show as ASCII bytes
    must not be taken for such a file."""
    body = ('<!DOCTYPE annotation [<!ENTITY a "expanded">]>\n<annotation>' + SIZE + "<object><name>&a;</name>"
            "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>\n")
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>\n'
    whole = encoding == "utf-16"  # else the declaration in ASCII, the rest in EBCDIC
    data = (declaration + body).encode(encoding) if whole else declaration.encode() + body.encode(encoding)
    storage = make(tmp_path, {"od/a.jpg": jpeg(), "od/a.xml": data})
    samples, problems = read(storage, request("od/"), OBJECT_DETECTION)
    assert labels(samples) == {key("od/a.jpg"): []}
    assert [code for _, _, code in where(problems)] in (["xml_forbidden"], ["voc_malformed"])


def test_the_c_parser_and_defusedxml_read_a_plain_file_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<annotation>' + SIZE
            + "<object><name> caf\u00e9 &amp; co </name><difficult>1</difficult><bndbox><xmin>1</xmin><ymin>2</ymin>"
            "<xmax>5</xmax><ymax>6</ymax></bndbox></object><object><name>x</name><polygon><x1>1</x1></polygon>"
            "</object><![CDATA[ignored]]></annotation>\n").encode()
    assert voc_reader._without_dtd(data)
    fast = voc_reader.parse_voc(data, "a.xml")
    monkeypatch.setattr(voc_reader, "_without_dtd", lambda data: False)
    assert voc_reader.parse_voc(data, "a.xml") == fast
    assert fast.annotations == [SampleAnnotation("café & co", True, (1, 2, 5, 6)), SampleAnnotation("x")]


def test_segmentation_objects_without_boxes(tmp_path: Path) -> None:
    objects = ("<mask_source>s3://bkt/masks/a.png</mask_source>\n<object><name>leaf</name><polygon><x1>1</x1>"
               "<y1>1</y1></polygon><mask_color>0,128,0</mask_color></object>")
    storage = make(tmp_path, {"seg/a.png": jpeg(), "seg/a.xml": voc_xml(objects), "seg/b.png": jpeg()})
    samples, problems = read(storage, request("seg/"), SEGMENTATION)
    assert problems == []
    assert samples[0].annotations == [SampleAnnotation("leaf")]
    assert labels(samples) == {key("seg/a.png"): ["leaf"], key("seg/b.png"): []}


# manifests


def test_manifest_lines_sources_and_annotations(tmp_path: Path) -> None:
    od = voc_xml(box("cat", (1, 1, 5, 5)) + box("dog", (2, 2, 6, 6)))
    storage = make(tmp_path, {
        "i/1.jpg": jpeg(), "i/2.jpg": jpeg(), "i/3.jpg": jpeg(), "i/4.jpg": jpeg(), "i/3.xml": od,
        "m.manifest": manifest(
            {"source": "s3://bkt/i/1.jpg", "annotation": [{"type": "modelarts/image_classification",
                                                           "name": "cat", "creation-time": "x"}]},
            "",
            {"source": "obs://bkt/i/2.jpg", "hard": "true", "usage": "train",
             "annotation": [{"name": "dog", "annotated_by": "human"}, {"name": "Dog", "hard": "true"}]},
            {"source": "/bkt/i/3.jpg", "annotation": [{"type": "modelarts/object_detection",
                                                       "annotation-loc": "s3://bkt/i/3.xml", "hard": True}]},
            {"source": "s3://bkt/i/4.jpg", "annotation": [{"annotation_loc": "s3://bkt/i/3.xml"}]},
            {"source": "content://a short text", "annotation": []},
        ),
    })
    samples, problems = read(storage, request("m.manifest", import_type="manifest"), OBJECT_DETECTION)
    assert problems == []
    assert [s.key for s in samples] == [key("i/1.jpg"), key("i/2.jpg"), key("i/3.jpg"), key("i/4.jpg"),
                                        key("m.manifest#6")]
    assert [s.hard for s in samples] == [False, True, False, False, False]
    assert samples[1].annotations == [SampleAnnotation("dog"), SampleAnnotation("Dog", difficult=True)]
    assert samples[2].annotations == [SampleAnnotation("cat", True, (1, 1, 5, 5)),
                                      SampleAnnotation("dog", True, (2, 2, 6, 6))]
    assert [a.difficult for a in samples[3].annotations] == [False, False]
    assert samples[4].source == "content://a short text" and samples[4].kind == "text"
    assert samples[0].size == (tmp_path / "obs/bkt/i/1.jpg").stat().st_size


def test_manifest_problems_with_line_numbers(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "i/1.jpg": jpeg(), "i/x.gif": b"GIF89a", "i/bad.xml": voc_xml(box("cat", (5, 1, 1, 3))),
        "m.manifest": manifest(
            {"source": "s3://bkt/i/1.jpg"},
            '{"source": "s3://bkt/i/1.jpg", "annotation": [',
            "",
            {"annotation": [{"name": "cat"}]},
            {"source": ""},
            "[1, 2]",
            {"source": "s3://bkt/i/missing.jpg"},
            {"source": "s3://bkt/i/x.gif"},
            {"source": "s3://bkt/i/my file.jpg"},
            {"source": "https://example.com/1.jpg"},
            {"source": "s3://bkt/i/1.jpg", "annotation": {"name": "cat"}},
            {"source": "s3://bkt/i/1.jpg", "annotation": [{"type": "modelarts/image_classification"}, "cat"]},
            {"source": "s3://bkt/i/1.jpg", "annotation": [{"annotation-loc": "s3://bkt/i/none.xml"}]},
            {"source": "s3://bkt/i/1.jpg", "annotation": [{"annotation-loc": "s3://bkt/i/bad.xml"}]},
        ) + "\xff not utf-8\n",
    })
    storage_file = tmp_path / "obs/bkt/m.manifest"
    storage_file.write_bytes(storage_file.read_bytes().replace("\xff".encode(), b"\xff"))
    samples, problems = read(storage, request("m.manifest", import_type="manifest"), IMAGE_CLASSIFICATION)
    m = key("m.manifest")
    assert where(problems) == [
        (m, 2, "manifest_json"),
        (m, 4, "manifest_no_source"),
        (m, 5, "manifest_no_source"),
        (m, 6, "manifest_json"),
        (m, 7, "manifest_missing_object"),
        (m, 8, "image_type"),
        (m, 9, "path_characters"),
        (m, 10, "manifest_source"),
        (m, 11, "manifest_annotation"),
        (m, 12, "manifest_annotation"),
        (m, 12, "manifest_annotation"),
        (m, 13, "manifest_annotation"),
        (key("i/bad.xml"), 5, "voc_box_inverted"),
        (m, 15, "encoding"),
    ]
    assert len(samples) == 5  # lines 1, 11, 12, 13, 14 (with their bad annotations left out)
    assert all(s.annotations == [] for s in samples)
    assert {p.severity for p in problems if p.code == "manifest_annotation"} == {"warning"}


def test_manifest_sources_are_not_looked_up_when_asked_not_to(tmp_path: Path) -> None:
    storage = make(tmp_path, {"m.manifest": manifest({"source": "s3://bkt/i/missing.jpg"})})
    req = request("m.manifest", import_type="manifest")
    samples, problems = read(storage, req, IMAGE_CLASSIFICATION, check_sources=False)
    assert [s.key for s in samples] == [key("i/missing.jpg")] and problems == []


@pytest.mark.parametrize("snapshot", [False, True])
def test_manifest_sources_looked_up_for_existence_only(tmp_path: Path, snapshot: bool) -> None:
    """source_sizes=False (the sandbox's imports): each source must exist, its size is not looked up, so the
    5 MB limit is not applied to a manifest's images (the preflight, with sizes, still reports them)."""
    make(tmp_path, {"i/1.jpg": jpeg(), "i/x.gif": b"GIF89a", "m.manifest": manifest(
        {"source": "s3://bkt/i/1.jpg"}, {"source": "s3://bkt/i/big.jpg"}, {"source": "s3://bkt/i/missing.jpg"},
        {"source": "s3://bkt/i/x.gif"},
    )})
    with (tmp_path / "obs/bkt/i/big.jpg").open("wb") as out:
        out.truncate(6 * 1024 * 1024)
    storage = LocalStorage(tmp_path, snapshot=snapshot)
    req = request("m.manifest", import_type="manifest")
    samples, problems = read(storage, req, IMAGE_CLASSIFICATION, source_sizes=False)
    assert [(s.key, s.size) for s in samples] == [(key("i/1.jpg"), 0), (key("i/big.jpg"), 0)]
    m = key("m.manifest")
    assert where(problems) == [(m, 3, "manifest_missing_object"), (m, 4, "image_type")]
    samples, problems = read(storage, req, IMAGE_CLASSIFICATION)
    assert [s.key for s in samples] == [key("i/1.jpg")]
    assert where(problems) == [(m, 2, "image_too_large"), (m, 3, "manifest_missing_object"), (m, 4, "image_type")]


def test_manifest_over_8_mb_fails_or_is_reported(tmp_path: Path) -> None:
    line = '{"source": "content://' + "x" * 1000 + '"}\n'
    storage = make(tmp_path, {"big.manifest": line * (8 * 1024 + 10)})
    req = request("big.manifest", import_type="manifest")
    items = read_source(storage, req, TEXT_CLASSIFICATION)
    with pytest.raises(ImportFailure) as caught:
        next(items)
    assert caught.value.code == "ModelArts.4340" and "8 MB" in caught.value.message
    lenient = read_source(storage, req, TEXT_CLASSIFICATION, lenient=True, max_files=3)
    first = next(lenient)
    assert (first.file, first.line, first.code) == (key("big.manifest"), None, "manifest_too_large")
    rest = list(lenient)
    assert [item.key for item in rest[:3]] == [key(f"big.manifest#{n}") for n in (1, 2, 3)]
    assert rest[3].code == "sampled" and rest[3].severity == "info"


def test_manifest_import_of_a_folder_fails_at_once(tmp_path: Path) -> None:
    storage = make(tmp_path, {"dir/a.manifest": manifest({"source": "content://x"})})
    with pytest.raises(ImportFailure) as caught:
        read_source(storage, request("dir/", import_type="manifest"), IMAGE_CLASSIFICATION)
    assert caught.value.code == "ModelArts.4340"


# text


def test_text_classification_joined_with_default_and_custom_separators(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "t/a.txt": "good, really\tpositive\n\nbad\tnegative,angry\nno separator here\nplain\t\n\tlonely\n",
        "t/b.csv": "x\ty\tpositive\n", "t/skip.json": "{}",
        "u/a.txt": "text with, comma|pos;neutral\nno bar\n",
    })
    samples, problems = read(storage, request("t/"), TEXT_CLASSIFICATION)
    assert labels(samples) == {
        key("t/a.txt#1"): ["positive"], key("t/a.txt#3"): ["angry", "negative"], key("t/a.txt#4"): [],
        key("t/a.txt#5"): [], key("t/b.csv#1"): ["positive"],
    }
    assert samples[0].source == "content://good, really"
    assert samples[4].source == "content://x\ty"
    assert [(p.file, p.line, p.code, p.severity) for p in problems] == [
        (key("t/a.txt"), 4, "text_no_separator", "warning"), (key("t/a.txt"), 6, "text_empty", "error"),
    ]
    custom = request("u/a.txt", label_format={"text_sample_separator": "|", "text_label_separator": ";"})
    samples, problems = read(storage, custom, TEXT_CLASSIFICATION)
    assert labels(samples) == {key("u/a.txt#1"): ["neutral", "pos"], key("u/a.txt#2"): []}
    assert samples[0].source == "content://text with, comma"
    assert where(problems) == [(key("u/a.txt"), 2, "text_no_separator")]
    assert "'|'" in str(problems[0].message)


def test_text_classification_with_result_files(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "s/a.txt": "one\ntwo\n\nfour\nfive\n", "s/a_result.txt": "x\ny\nz\nw,v\n",
        "s/b.txt": "alone\n", "s/c.txt": "c1\n", "s/c_result.txt": "l1\nl2\n",
    })
    req = request("s/", label_format={"label_type": "0"})
    samples, problems = read(storage, req, TEXT_CLASSIFICATION)
    assert labels(samples) == {
        key("s/a.txt#1"): ["x"], key("s/a.txt#2"): ["y"], key("s/a.txt#4"): ["v", "w"], key("s/a.txt#5"): [],
        key("s/b.txt#1"): [], key("s/c.txt#1"): ["l1"],
    }
    assert where(problems) == [(key("s/a_result.txt"), 5, "text_result_lines"),
                               (key("s/c_result.txt"), 2, "text_result_lines")]


def test_other_text_datasets_have_one_unlabeled_sample_per_line(tmp_path: Path) -> None:
    storage = make(tmp_path, {"n/a.txt": "Alice met Bob\tPER\n\nin Paris\n"})
    samples, problems = read(storage, request("n/"), NER)
    assert [(s.key, s.annotations) for s in samples] == [(key("n/a.txt#1"), []), (key("n/a.txt#3"), [])]
    assert problems == []


# table


def test_table_rows_header_and_column_count(tmp_path: Path) -> None:
    storage = make(tmp_path, {
        "tab/1.csv": 'a,b,c\n1,2,3\n4,5\n\n"multi\nline",6,7\n8,9,10,11\n12,13,14\n',
        "tab/2.csv": "a,b,c\n15,16,17\n", "tab/readme.txt": "x",
    })
    samples, problems = read(storage, request("tab/", with_column_header=True), TABLE, schema_columns=3)
    assert [s.key for s in samples] == [key("tab/1.csv#2"), key("tab/1.csv#5"), key("tab/1.csv#8"),
                                        key("tab/2.csv#2")]
    assert all(s.kind == "table_row" and s.source == key("tab/1.csv") for s in samples[:3])
    assert where(problems) == [(key("tab/1.csv"), 3, "csv_column_count"),
                               (key("tab/1.csv"), 7, "csv_column_count")]
    samples, problems = read(storage, request("tab/1.csv"), TABLE, schema_columns=4)
    assert [s.key for s in samples] == [key("tab/1.csv#7")]
    assert len(problems) == 5
    header_in_source = request("tab/", data_source={"with_column_header": True})
    samples, problems = read(storage, header_in_source, TABLE)
    assert len(samples) == 4 and len(problems) == 2  # columns taken from the first header


def test_table_from_hdfs(tmp_path: Path) -> None:
    storage = make(tmp_path, {})
    (tmp_path / "hdfs/user/d").mkdir(parents=True)
    (tmp_path / "hdfs/user/d/t.csv").write_text("1,2\n3,4\n")
    req = ImportTaskRequest.model_validate({"import_origin": "mrs", "data_source": {"source_info": {
        "input": "hdfs://nn:8020/user/d/t.csv", "cluster_id": "c1", "cluster_mode": "0"}}})
    samples, problems = read(storage, req, TABLE, schema_columns=2)
    assert [s.key for s in samples] == ["hdfs/user/d/t.csv#1", "hdfs/user/d/t.csv#2"] and problems == []


# sound, video, free format


def test_sound_classification_folders(tmp_path: Path) -> None:
    storage = make(tmp_path, {"s/cat/1.wav": b"RIFF", "s/cat/2.mp3": b"ID3", "s/dog/1.WAV": b"RIFF",
                              "s/3.wav": b"RIFF", "s/notes.txt": "x"})
    samples, problems = read(storage, request("s/"), SOUND)
    assert labels(samples) == {key("s/3.wav"): [], key("s/cat/1.wav"): ["cat"], key("s/dog/1.WAV"): ["dog"]}
    assert all(s.kind == "audio" for s in samples)
    assert where(problems) == [(key("s/cat/2.mp3"), None, "audio_type")]


def test_video_and_free_format(tmp_path: Path) -> None:
    storage = make(tmp_path, {"v/a.mp4": b"x", "v/b.txt": "x", "v/c.bin": b"x"})
    samples, _ = read(storage, request("v/"), VIDEO)
    assert [(s.key, s.kind) for s in samples] == [(key("v/a.mp4"), "video")]
    samples, _ = read(storage, request("v/"), FREE)
    assert [s.kind for s in samples] == ["video", "text", "other"]


# whole-import failures


def test_missing_path_bucket_and_refused_paths(tmp_path: Path) -> None:
    storage = make(tmp_path, {"imgs/1.jpg": jpeg()})
    cases = [
        (request("nothing/here/"), "ModelArts.4312"),
        (ImportTaskRequest.model_validate({"import_path": "s3://no-such-bucket/x/"}), "ModelArts.4311"),
        (ImportTaskRequest.model_construct(import_path="s3://bkt//imgs/"), "ModelArts.4315"),
        (ImportTaskRequest.model_construct(import_path="s3://bkt/../../etc/"), "ModelArts.4313"),
        (ImportTaskRequest.model_construct(import_path="s3://bkt/im gs/"), "ModelArts.4313"),
        (ImportTaskRequest.model_construct(import_path=None), "ModelArts.4312"),
    ]
    for req, code in cases:
        with pytest.raises(ImportFailure) as caught:
            read_source(storage, req, IMAGE_CLASSIFICATION)
        assert caught.value.code == code, req


def test_sources_the_sandbox_cannot_reach_fail_at_once(tmp_path: Path) -> None:
    req = ImportTaskRequest.model_validate({"import_origin": "dli", "data_source": {"source_info": {
        "queue_name": "q", "database_name": "d", "table_name": "t"}}})
    with pytest.raises(ImportFailure) as caught:
        read_source(make(tmp_path, {}), req, TABLE)
    assert "DLI" in caught.value.message


def test_nothing_importable_fails_after_the_problems_or_is_reported(tmp_path: Path) -> None:
    storage = make(tmp_path, {"imgs/a.gif": b"GIF89a", "imgs/b.txt": "x"})
    items = read_source(storage, request("imgs/"), IMAGE_CLASSIFICATION)
    assert next(items).code == "image_type"
    with pytest.raises(ImportFailure) as caught:
        next(items)
    assert caught.value.code == "ModelArts.4340"
    _, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION, lenient=True)
    assert [p.code for p in problems] == ["image_type", "nothing_importable"]


def test_a_line_nested_too_deeply_or_with_a_huge_number_is_a_problem_of_its_line(tmp_path: Path) -> None:
    """Python's json gives up on these with RecursionError and ValueError: each is that line's problem, the other
    lines are read (issue 14, point 10)."""
    storage = make(tmp_path, {
        "i/1.jpg": jpeg(),
        "m.manifest": manifest(
            {"source": "s3://bkt/i/1.jpg"},
            '{"source": "s3://bkt/i/1.jpg", "annotation": ' + "[" * 100_000 + "]" * 100_000 + "}",
            '{"source": "s3://bkt/i/1.jpg", "n": ' + "9" * 5000 + "}",
            {"source": "s3://bkt/i/1.jpg"},
        ),
    })  # fmt: skip
    samples, problems = read(storage, request("m.manifest", import_type="manifest"), IMAGE_CLASSIFICATION)
    m = key("m.manifest")
    assert where(problems) == [(m, 2, "manifest_json"), (m, 3, "manifest_json")]
    assert "nested too deeply" in str(problems[0].message) and "too many digits" in str(problems[1].message)
    assert len(samples) == 2


# entries that cannot be read


@pytest.mark.parametrize(
    ("kind", "files", "special"),
    [
        (IMAGE_CLASSIFICATION, {"imgs/cat/1.jpg": jpeg()}, "imgs/cat/2.jpg"),
        (TEXT_CLASSIFICATION, {"imgs/a.txt": "hello\tgreeting\n"}, "imgs/b.txt"),
        (OBJECT_DETECTION, {"imgs/1.jpg": jpeg(), "imgs/1.xml": voc_xml(box("cat", (1, 1, 5, 5)))}, "imgs/2.xml"),
    ],
)
def test_a_fifo_or_a_broken_link_is_skipped_with_a_problem_for_that_file(
    tmp_path: Path, kind: int, files: dict, special: str
) -> None:
    storage = make(tmp_path, files)
    base = tmp_path / "obs" / "bkt"
    os.mkfifo(base / special)  # reading it would wait for a writer forever
    (base / "imgs" / "dangling.jpg").symlink_to(base / "imgs" / "gone.jpg")
    samples, problems = read(storage, request("imgs/"), kind)
    assert samples  # the readable files are imported
    unreadable = {p.file: p for p in problems if p.code == "unreadable"}
    assert set(unreadable) == {key(special), key("imgs/dangling.jpg")}
    assert all("skipped" in str(p.message) and p.line is None for p in unreadable.values())
    assert not [s for s in samples if s.key.startswith((key(special), key("imgs/dangling.jpg")))]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_a_file_without_read_permission_is_skipped_with_a_problem(tmp_path: Path) -> None:
    storage = make(tmp_path, {"imgs/cat/1.jpg": jpeg(), "imgs/cat/2.jpg": jpeg()})
    (tmp_path / "obs" / "bkt" / "imgs" / "cat" / "2.jpg").chmod(0)
    samples, problems = read(storage, request("imgs/"), IMAGE_CLASSIFICATION)
    assert [s.key for s in samples] == [key("imgs/cat/1.jpg")]
    assert [(p.file, p.code) for p in problems] == [(key("imgs/cat/2.jpg"), "unreadable")]
