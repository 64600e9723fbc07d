"""Make the sandbox's demo data: tiny, deterministic files laid out as the service expects them.

    python3 -m sandbox.demo.make_demo      (rewrites sandbox/demo/obs, hdfs, datasets.json, expected.json)

The generated files are committed, so a fresh clone has them without running this. `expected.json` states
what importing each demo path gives; it is written from the tables below, not by running the readers, so
tests can compare the readers against it.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import wave
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

DEMO = Path(__file__).resolve().parent
BUCKET = "test-obs"
OBS = DEMO / "obs" / BUCKET
HDFS = DEMO / "hdfs"
SPEC_MANIFEST = "classify/output/dataset-f9e8-gfghHSokody6AJigS5A/annotation/V002/V002.manifest"
CREATION_TIME = "2024-03-01 10:00:00"
COLORS = {
    "cat": (230, 140, 40), "dog": (120, 80, 40), "Cat": (240, 180, 90), "Dog": (90, 60, 30),
    "rabbits": (200, 200, 200), "bees": (250, 220, 0), "none": (90, 160, 220),
}


def s3(key: str) -> str:
    return f"s3://{BUCKET}/{key}"


def obs_key(key: str) -> str:
    return f"obs/{BUCKET}/{key}"


def write(relative: str, data: bytes | str) -> None:
    path = OBS / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def image(seed: int, label: str, size: tuple[int, int] = (32, 24), fmt: str = "JPEG") -> bytes:
    """A small picture: a background and a shape, both decided by `seed` and `label`."""
    width, height = size
    picture = Image.new("RGB", size, COLORS.get(label, COLORS["none"]))
    draw = ImageDraw.Draw(picture)
    x = 3 + seed * 5 % (width - 12)
    y = 3 + seed * 3 % (height - 12)
    draw.ellipse((x, y, x + 9, y + 9), fill=(255 - 20 * (seed % 8), 40, 90 + 15 * (seed % 10)))
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 70} if fmt == "JPEG" else {}
    picture.save(out, format=fmt, **options)
    return out.getvalue()


PICTURE_SIZE = (160, 120)
SKIES = [(200, 228, 250), (250, 236, 200), (214, 240, 214), (240, 222, 240), (225, 225, 235)]


def picture(seed: int, animal: str, size: tuple[int, int] = PICTURE_SIZE) -> bytes:
    """A drawn picture of `animal` (cat, dog, rabbit, bee; anything else is a plain scene) on grass, so the
    demo looks like what it is called; `seed` varies the colours and the position."""
    width, height = size
    canvas = Image.new("RGB", size, SKIES[seed % len(SKIES)])
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, height * 3 // 4, width, height), fill=(120, 180, 90))  # grass
    cx, cy, r = width // 2 + (seed % 3 - 1) * width // 8, height // 2 + 4, height // 4
    kind = animal.lower().rstrip("s").strip()
    if kind == "cat":
        fur = [(240, 150, 60), (120, 120, 120), (60, 50, 45), (235, 210, 170)][seed % 4]
        draw.polygon([(cx - r, cy - r // 3), (cx - r + 4, cy - r - r // 2), (cx - r // 3, cy - r + 2)], fill=fur)
        draw.polygon([(cx + r, cy - r // 3), (cx + r - 4, cy - r - r // 2), (cx + r // 3, cy - r + 2)], fill=fur)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fur)
        for side in (-1, 1):
            ex = cx + side * r // 2
            draw.ellipse((ex - 5, cy - 8, ex + 5, cy + 2), fill=(120, 200, 80))
            draw.ellipse((ex - 1, cy - 7, ex + 1, cy + 1), fill=(0, 0, 0))
            for dy in (-2, 3):
                draw.line((cx + side * 6, cy + 8, cx + side * (r + 10), cy + 8 + dy * 2), fill=(30, 30, 30))
        draw.polygon([(cx - 4, cy + 5), (cx + 4, cy + 5), (cx, cy + 10)], fill=(230, 110, 140))
    elif kind == "dog":
        fur = [(150, 100, 60), (220, 190, 140), (90, 70, 50), (240, 240, 235)][seed % 4]
        ear = tuple(max(0, c - 50) for c in fur)
        draw.ellipse((cx - r - 10, cy - r + 2, cx - r + 10, cy + r // 2 + 8), fill=ear)
        draw.ellipse((cx + r - 10, cy - r + 2, cx + r + 10, cy + r // 2 + 8), fill=ear)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fur)
        draw.ellipse((cx - r // 2, cy, cx + r // 2, cy + r + 4), fill=tuple(min(255, c + 40) for c in fur))
        for side in (-1, 1):
            ex = cx + side * r // 2
            draw.ellipse((ex - 4, cy - 9, ex + 4, cy - 1), fill=(30, 20, 10))
        draw.ellipse((cx - 6, cy + 4, cx + 6, cy + 12), fill=(20, 20, 20))
        draw.ellipse((cx - 4, cy + 16, cx + 4, cy + 26), fill=(230, 90, 110))  # tongue
    elif kind == "rabbit":
        fur = [(235, 235, 235), (190, 160, 130)][seed % 2]
        for side in (-1, 1):
            draw.ellipse((cx + side * r // 2 - 6, cy - 2 * r - 6, cx + side * r // 2 + 6, cy - r // 2), fill=fur)
            draw.ellipse((cx + side * r // 2 - 3, cy - 2 * r, cx + side * r // 2 + 3, cy - r // 2 - 4),
                         fill=(240, 180, 190))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fur)
        for side in (-1, 1):
            draw.ellipse((cx + side * r // 2 - 3, cy - 6, cx + side * r // 2 + 3, cy), fill=(40, 20, 20))
        draw.polygon([(cx - 3, cy + 4), (cx + 3, cy + 4), (cx, cy + 8)], fill=(230, 110, 140))
    elif kind == "bee":
        for side in (-1, 1):
            draw.ellipse((cx + side * 6 - 12, cy - r - 10, cx + side * 6 + 12, cy - 4), fill=(230, 240, 255),
                         outline=(150, 170, 200))
        draw.ellipse((cx - r - 6, cy - r // 2 - 4, cx + r + 6, cy + r // 2 + 4), fill=(250, 210, 0))
        for stripe in (-r // 2, 0, r // 2):
            draw.rectangle((cx + stripe - 3, cy - r // 2, cx + stripe + 3, cy + r // 2), fill=(30, 30, 30))
        draw.ellipse((cx + r, cy - 6, cx + r + 12, cy + 6), fill=(30, 30, 30))
    else:
        draw.ellipse((width - 40, 10, width - 14, 36), fill=(255, 210, 60))  # a sun over the grass
    out = io.BytesIO()
    canvas.save(out, format="JPEG", quality=85)
    return out.getvalue()


def tone(frequency: float, samples: int = 800, rate: int = 8000) -> bytes:
    """A 0.1 s 8-bit mono WAV tone."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        frames = bytes(int(128 + 60 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(samples))
        sound.writeframes(frames)
    return out.getvalue()


def voc(filename: str, size: tuple[int, int] | None, objects: list[dict[str, Any]],
        mask_source: str | None = None) -> str:
    lines = ["<annotation>", "  <folder>demo</folder>", f"  <filename>{filename}</filename>"]
    if mask_source:
        lines.append(f"  <mask_source>{mask_source}</mask_source>")
    if size:
        lines += ["  <size>", f"    <width>{size[0]}</width>", f"    <height>{size[1]}</height>",
                  "    <depth>3</depth>", "  </size>"]
    for obj in objects:
        lines += ["  <object>", f"    <name>{obj['name']}</name>", "    <pose>Unspecified</pose>",
                  "    <truncated>0</truncated>", f"    <difficult>{1 if obj.get('difficult') else 0}</difficult>"]
        if "box" in obj:
            xmin, ymin, xmax, ymax = obj["box"]
            lines += ["    <bndbox>", f"      <xmin>{xmin}</xmin>", f"      <ymin>{ymin}</ymin>",
                      f"      <xmax>{xmax}</xmax>", f"      <ymax>{ymax}</ymax>", "    </bndbox>"]
        if "polygon" in obj:
            lines.append("    <polygon>")
            for index, (px, py) in enumerate(obj["polygon"], start=1):
                lines += [f"      <x{index}>{px}</x{index}>", f"      <y{index}>{py}</y{index}>"]
            lines.append("    </polygon>")
        if "mask_color" in obj:
            lines.append(f"    <mask_color>{obj['mask_color']}</mask_color>")
        lines.append("  </object>")
    lines.append("</annotation>")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"


def line_of(xml: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle` (for the expected problem lines)."""
    found = [number for number, text in enumerate(xml.split("\n"), start=1) if needle in text]
    return found[occurrence - 1]


def manifest_line(source: str, labels: list[str] | None, *, hard: bool = False, snake: bool = False,
                  usage: str = "TRAIN", kind: str = "image_classification") -> str:
    record: dict[str, Any] = {"source": source, "usage": usage}
    if hard:
        record["hard"] = "true"
    if labels is not None:
        by, at = ("annotated_by", "creation_time") if snake else ("annotated-by", "creation-time")
        record["annotation"] = [
            {"type": f"modelarts/{kind}", "name": name, by: "human", at: CREATION_TIME} for name in labels
        ]
    return json.dumps(record, ensure_ascii=False)


def make_folder_classification() -> dict[str, Any]:
    root = "daoLu_images/cat-dog"
    for label, count in (("cat", 4), ("dog", 3)):
        for number in range(1, count + 1):
            write(f"{root}/{label}/{label}_{number:02d}.jpg", picture(number, label))
    return {
        "name": "spec example 1: a folder of label folders, annotations not imported",
        "dataset": "demo-image-classification",
        "body": {"import_type": "dir", "import_path": s3(root + "/"), "included_tags": [],
                 "import_annotations": False, "difficult_only": False},
        "total_sample_count": 7, "imported_sample_count": 7, "annotated_sample_count": 0,
        "label_counts": {}, "skipped": {}, "problems": [],
        "with_annotations": {"annotated_sample_count": 7, "label_counts": {"cat": 4, "dog": 3}},
    }


# The spec's manifest: (image number, labels or None for a line without "annotation", hard, snake-case keys)
SPEC_MANIFEST_LINES: list[tuple[int, list[str] | None, bool, bool]] = [
    (1, ["cat"], False, False),
    (2, ["cat"], False, True),
    (3, ["cat"], True, False),
    (4, ["dog"], False, False),
    (5, ["dog"], False, True),
    (6, ["Cat"], False, False),
    (7, ["Dog"], True, False),
    (8, ["rabbits"], False, False),
    (9, ["rabbits"], False, True),
    (10, ["bees"], False, False),
    (11, ["bees"], True, False),
    (12, ["cat", "rabbits"], False, False),
    (13, None, False, False),
    (14, [], False, False),
    (15, None, False, False),
]


def make_spec_manifest() -> list[dict[str, Any]]:
    lines = []
    for number, labels, hard, snake in SPEC_MANIFEST_LINES:
        key = f"classify/images/img_{number:02d}.jpg"
        write(key, picture(number, (labels or ["none"])[0]))
        lines.append(manifest_line(s3(key), labels, hard=hard, snake=snake))
    write(SPEC_MANIFEST, "\n".join(lines) + "\n")
    return [
        {
            "name": "spec example 2: the V002 manifest, only cat/dog/Cat/Dog samples",
            "dataset": "demo-image-classification",
            "body": {"import_type": "manifest", "import_path": s3(SPEC_MANIFEST),
                     "included_tags": ["cat", "dog", "Cat", "Dog"], "import_annotations": True,
                     "difficult_only": False},
            "total_sample_count": 15, "imported_sample_count": 8, "annotated_sample_count": 8,
            "label_counts": {"Cat": 1, "Dog": 1, "cat": 4, "dog": 2, "rabbits": 1},
            "skipped": {"not_included": 7}, "problems": [],
        },
        {
            "name": "the V002 manifest, everything",
            "dataset": "demo-image-classification",
            "body": {"import_type": "manifest", "import_path": s3(SPEC_MANIFEST)},
            "total_sample_count": 15, "imported_sample_count": 15, "annotated_sample_count": 12,
            "label_counts": {"Cat": 1, "Dog": 1, "bees": 2, "cat": 4, "dog": 2, "rabbits": 3},
            "skipped": {}, "problems": [],
        },
        {
            "name": "the V002 manifest, hard examples only, without rabbits",
            "dataset": "demo-image-classification",
            "body": {"import_type": "manifest", "import_path": s3(SPEC_MANIFEST), "difficult_only": True,
                     "excluded_labels": [{"name": "rabbits"}]},
            "total_sample_count": 15, "imported_sample_count": 3, "annotated_sample_count": 3,
            "label_counts": {"Dog": 1, "bees": 1, "cat": 1},
            "skipped": {"excluded_label": 3, "not_difficult": 9}, "problems": [],
        },
    ]


DETECTION = [  # (name, objects or None for an image without XML)
    ("street_01", [{"name": "cat", "box": (2, 3, 14, 15)}, {"name": "dog", "box": (16, 4, 30, 22), "difficult": True}]),
    ("street_02", [{"name": "dog", "box": (5, 5, 20, 20)}]),
    ("street_03", [{"name": "cat", "box": (1, 1, 10, 10)}, {"name": "cat", "box": (12, 2, 31, 23)}]),
    ("street_04", None),
]


def make_detection() -> list[dict[str, Any]]:
    root = "detection/voc"
    for number, (name, objects) in enumerate(DETECTION, start=1):
        write(f"{root}/{name}.jpg", image(number, "none"))
        if objects is not None:
            write(f"{root}/{name}.xml", voc(f"{name}.jpg", (32, 24), objects))
    manifest = "detection/manifest/street.manifest"
    lines = []
    for number, (name, objects) in enumerate(DETECTION, start=1):
        record: dict[str, Any] = {"source": s3(f"{root}/{name}.jpg")}
        if number == 2:
            record["hard"] = "true"
        if objects is not None:
            loc_key = "annotation_loc" if number == 3 else "annotation-loc"
            record["annotation"] = [{"type": "modelarts/object_detection", loc_key: s3(f"{root}/{name}.xml"),
                                     "annotation-format": "PASCAL VOC", "annotated-by": "human"}]
        lines.append(json.dumps(record))
    write(manifest, "\n".join(lines) + "\n")
    counts = {"total_sample_count": 4, "imported_sample_count": 4, "annotated_sample_count": 3,
              "label_counts": {"cat": 2, "dog": 2}, "annotation_counts": {"cat": 3, "dog": 2},
              "skipped": {}, "problems": []}
    return [
        {"name": "PASCAL VOC folder", "dataset": "demo-object-detection",
         "body": {"import_type": "dir", "import_path": s3(root + "/")}, **counts},
        {"name": "PASCAL VOC folder, difficult objects only", "dataset": "demo-object-detection",
         "body": {"import_type": "dir", "import_path": s3(root + "/"), "difficult_only": True},
         "total_sample_count": 4, "imported_sample_count": 1, "annotated_sample_count": 1,
         "label_counts": {"cat": 1, "dog": 1}, "skipped": {"not_difficult": 3}, "problems": []},
        {"name": "detection manifest with annotation-loc", "dataset": "demo-object-detection",
         "body": {"import_type": "manifest", "import_path": s3(manifest)}, **counts},
        {"name": "detection manifest, hard examples only", "dataset": "demo-object-detection",
         "body": {"import_type": "manifest", "import_path": s3(manifest), "difficult_only": True},
         "total_sample_count": 4, "imported_sample_count": 2, "annotated_sample_count": 2,
         "label_counts": {"cat": 1, "dog": 2}, "skipped": {"not_difficult": 2}, "problems": []},
    ]


def make_segmentation() -> dict[str, Any]:
    root = "segmentation/voc"
    leaves = [("leaf_01", ["leaf"]), ("leaf_02", ["leaf", "spot"])]
    for number, (name, labels) in enumerate(leaves, start=1):
        write(f"{root}/{name}.png", image(number, "none", fmt="PNG"))
        write(f"segmentation/masks/{name}.png", image(number + 10, "none", fmt="PNG"))
        objects = [{"name": label, "polygon": [(2, 2), (20, 3), (12, 18)], "mask_color": f"{40 * i},128,0"}
                   for i, label in enumerate(labels, start=1)]
        write(f"{root}/{name}.xml", voc(f"{name}.png", (32, 24), objects, s3(f"segmentation/masks/{name}.png")))
    return {"name": "image segmentation VOC folder", "dataset": "demo-image-segmentation",
            "body": {"import_type": "dir", "import_path": s3(root + "/")},
            "total_sample_count": 2, "imported_sample_count": 2, "annotated_sample_count": 2,
            "label_counts": {"leaf": 2, "spot": 1}, "skipped": {}, "problems": []}


REVIEWS = [
    ("The battery lasts all day and the screen is sharp.", "positive"),
    ("Stopped working after a week.", "negative"),
    ("Fast delivery, well packed, exactly as described.", "positive"),
    ("The manual is useless and support never answered.", "negative"),
    ("Made me laugh every time I opened the box.", "positive,funny"),
    ("Too loud, too heavy, too expensive.", "negative"),
    ("Does what it says.", "positive"),
    ("Arrived on a Tuesday.", ""),
]
NEWS = [
    ("The home team won the final in extra time.", "sports"),
    ("Parliament passed the budget after a long night.", "politics"),
    ("A new record in the 100 metres.", "sports"),
    ("The chip maker announced a faster processor.", "tech"),
    ("The minister resigned on Friday.", "politics"),
]


def make_text() -> list[dict[str, Any]]:
    write("text/classification/reviews.txt", "".join(f"{text}\t{label}\n" for text, label in REVIEWS))
    write("text/classification_split/news.txt", "".join(f"{text}\n" for text, _ in NEWS))
    write("text/classification_split/news_result.txt", "".join(f"{label}\n" for _, label in NEWS))
    return [
        {"name": "text classification, text<Tab>labels (label_type 1)", "dataset": "demo-text-classification",
         "body": {"import_type": "dir", "import_path": s3("text/classification/"),
                  "label_format": {"label_type": "1"}},
         "total_sample_count": 8, "imported_sample_count": 8, "annotated_sample_count": 7,
         "label_counts": {"funny": 1, "negative": 3, "positive": 4}, "skipped": {}, "problems": []},
        {"name": "text classification, x.txt + x_result.txt (label_type 0)",
         "dataset": "demo-text-classification",
         "body": {"import_type": "dir", "import_path": s3("text/classification_split/"),
                  "label_format": {"label_type": "0"}},
         "total_sample_count": 5, "imported_sample_count": 5, "annotated_sample_count": 5,
         "label_counts": {"politics": 2, "sports": 2, "tech": 1}, "skipped": {}, "problems": []},
    ]


IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
IRIS = [
    ["5.1", "3.5", "1.4", "0.2", "setosa"], ["4.9", "3.0", "1.4", "0.2", "setosa"],
    ["7.0", "3.2", "4.7", "1.4", "versicolor"], ["6.4", "3.2", "4.5", "1.5", "versicolor"],
    ["6.3", "3.3", "6.0", "2.5", "virginica"], ["5.8", "2.7", "5.1", "1.9", "virginica"],
    ["7.1", "3.0", "5.9", "2.1", "virginica"],
]


def csv_text(rows: list[list[str]], header: bool = True) -> str:
    return "".join(",".join(row) + "\n" for row in ([IRIS_COLUMNS] if header else []) + rows)


def make_table() -> list[dict[str, Any]]:
    write("table/iris/part-0001.csv", csv_text(IRIS[:4]))
    write("table/iris/part-0002.csv", csv_text(IRIS[4:]))
    hdfs_file = HDFS / "user" / "demo" / "iris.csv"
    hdfs_file.parent.mkdir(parents=True, exist_ok=True)
    hdfs_file.write_text(csv_text(IRIS[:5], header=False), encoding="utf-8")
    return [
        {"name": "table: a folder of CSV files with a header row", "dataset": "demo-table-iris",
         "body": {"import_type": "dir", "import_path": s3("table/iris/"), "with_column_header": True},
         "total_sample_count": 7, "imported_sample_count": 7, "annotated_sample_count": 0,
         "label_counts": {}, "skipped": {}, "problems": []},
        {"name": "table from MRS HDFS, no header", "dataset": "demo-table-iris",
         "body": {"import_origin": "mrs", "data_source": {"data_type": 4, "source_info": {
             "input": "/user/demo/iris.csv", "cluster_name": "demo-cluster", "cluster_mode": "0"}}},
         "total_sample_count": 5, "imported_sample_count": 5, "annotated_sample_count": 0,
         "label_counts": {}, "skipped": {}, "problems": []},
    ]


def make_sound() -> dict[str, Any]:
    for label, names in (("cat", ["meow_01", "meow_02"]), ("dog", ["bark_01"])):
        for number, name in enumerate(names, start=1):
            write(f"sound/animals/{label}/{name}.wav", tone((440 if label == "cat" else 180) * number))
    return {"name": "sound classification label folders", "dataset": "demo-sound-classification",
            "body": {"import_type": "dir", "import_path": s3("sound/animals/")},
            "total_sample_count": 3, "imported_sample_count": 3, "annotated_sample_count": 3,
            "label_counts": {"cat": 2, "dog": 1}, "skipped": {}, "problems": []}


def make_broken() -> list[dict[str, Any]]:
    """Sources with the mistakes a preflight must point at (file and line)."""
    manifest = "broken/pets.manifest"
    write("broken/images/photo.gif", image(1, "cat", fmt="GIF"))
    lines = [
        manifest_line(s3("classify/images/img_01.jpg"), ["cat"]),
        manifest_line(s3("classify/images/img_08.jpg"), ["Rabbits"]),
        manifest_line(s3("classify/images/img_04.jpg"), ["dog"])[:-2],  # cut short: not valid JSON
        json.dumps({"annotation": [{"type": "modelarts/image_classification", "name": "cat"}]}),
        manifest_line(s3("classify/images/img_99.jpg"), ["dog"]),  # no such object
        manifest_line(s3("classify/images/img_09.jpg"), ["rabbits "]),  # trailing space in the label
        manifest_line(s3("broken/images/photo.gif"), ["cat"]),
        manifest_line(s3("classify/images/img_13.jpg"), None),
    ]
    write(manifest, "\n".join(lines) + "\n")
    manifest_key = obs_key(manifest)

    outside = voc("box_outside.jpg", (32, 24), [{"name": "cat", "box": (2, 2, 40, 20)},
                                                {"name": "dog", "box": (1, 1, 8, 8)}])
    inverted = voc("inverted.jpg", (32, 24), [{"name": "dog", "box": (20, 3, 10, 15)}])
    no_size = voc("no_size.jpg", None, [{"name": "cat", "box": (2, 2, 9, 9)}])
    for number, (name, xml) in enumerate((("box_outside", outside), ("inverted", inverted),
                                          ("no_size", no_size)), start=1):
        write(f"broken/voc/{name}.jpg", image(number, "none"))
        write(f"broken/voc/{name}.xml", xml)

    write("broken/table/rows.csv", csv_text([IRIS[0], IRIS[1][:4], IRIS[2]]))
    reviews = [REVIEWS[0], ("No tab on this line; positive", None), REVIEWS[1]]
    write("broken/text/reviews.txt",
          "".join(f"{text}\t{label}\n" if label is not None else f"{text}\n" for text, label in reviews))
    return [
        {"name": "broken manifest", "dataset": "demo-image-classification",
         "body": {"import_type": "manifest", "import_path": s3(manifest)},
         "total_sample_count": 4, "imported_sample_count": 4, "annotated_sample_count": 3,
         "label_counts": {"Rabbits": 1, "cat": 1, "rabbits ": 1}, "skipped": {},
         "problems": [
             {"file": manifest_key, "line": 3, "code": "manifest_json"},
             {"file": manifest_key, "line": 4, "code": "manifest_no_source"},
             {"file": manifest_key, "line": 5, "code": "manifest_missing_object"},
             {"file": manifest_key, "line": 7, "code": "image_type"},
         ]},
        {"name": "broken VOC folder", "dataset": "demo-object-detection",
         "body": {"import_type": "dir", "import_path": s3("broken/voc/")},
         "total_sample_count": 3, "imported_sample_count": 3, "annotated_sample_count": 2,
         "label_counts": {"cat": 1, "dog": 1}, "skipped": {},
         "problems": [
             {"file": obs_key("broken/voc/box_outside.xml"), "line": line_of(outside, "<bndbox>"),
              "code": "voc_box_outside"},
             {"file": obs_key("broken/voc/inverted.xml"), "line": line_of(inverted, "<bndbox>"),
              "code": "voc_box_inverted"},
             {"file": obs_key("broken/voc/no_size.xml"), "line": line_of(no_size, "<annotation>"),
              "code": "voc_no_size"},
         ]},
        {"name": "broken table", "dataset": "demo-table-iris",
         "body": {"import_type": "dir", "import_path": s3("broken/table/"), "with_column_header": True},
         "total_sample_count": 2, "imported_sample_count": 2, "annotated_sample_count": 0,
         "label_counts": {}, "skipped": {},
         "problems": [{"file": obs_key("broken/table/rows.csv"), "line": 3, "code": "csv_column_count"}]},
        {"name": "broken text classification", "dataset": "demo-text-classification",
         "body": {"import_type": "dir", "import_path": s3("broken/text/")},
         "total_sample_count": 3, "imported_sample_count": 3, "annotated_sample_count": 2,
         "label_counts": {"negative": 1, "positive": 1}, "skipped": {},
         "problems": [{"file": obs_key("broken/text/reviews.txt"), "line": 2, "code": "text_no_separator"}]},
    ]


# title and description: what a newcomer reads (the guided start, the dataset picker); guide_path: the folder the
# guided start walks to and imports as it is (only demos whose default request imports them)
DATASETS = [
    {"dataset_name": "demo-image-classification", "dataset_type": 0,
     "title": "Cats and dogs (image classification)",
     "description": "Pictures of cats and dogs, each in a folder named after the animal, to sort into \"cat\" and "
                    "\"dog\". Also holds the two example requests of the API page.",
     "guide_path": s3("daoLu_images/cat-dog/"),
     "labels": [{"name": "cat", "type": 0}, {"name": "dog", "type": 0}]},
    {"dataset_name": "demo-object-detection", "dataset_type": 1,
     "title": "Pets in the street (object detection)",
     "description": "Street photos with a box drawn around each cat and dog (PASCAL VOC files).",
     "guide_path": s3("detection/voc/"),
     "labels": [{"name": "cat", "type": 1}, {"name": "dog", "type": 1}]},
    {"dataset_name": "demo-image-segmentation", "dataset_type": 3,
     "title": "Leaves (image segmentation)",
     "description": "Leaves with their outlines traced, pixel by pixel.", "labels": [{"name": "leaf", "type": 3}]},
    {"dataset_name": "demo-text-classification", "dataset_type": 100,
     "title": "Reviews and headlines (text classification)",
     "description": "Product reviews and news headlines, each with its category.",
     "labels": [{"name": "positive", "type": 100}, {"name": "negative", "type": 100}]},
    {"dataset_name": "demo-sound-classification", "dataset_type": 200,
     "title": "Meows and barks (sound classification)",
     "description": "Short cat and dog sounds, each in a folder named after the animal.",
     "guide_path": s3("sound/animals/"), "labels": [{"name": "cat", "type": 200}]},
    {"dataset_name": "demo-table-iris", "dataset_type": 400,
     "title": "Iris flowers (table)",
     "description": "Measurements of iris flowers as a table, one row per flower.",
     "schema": [{"schema_id": index, "name": name, "type": "String" if name == "species" else "Double"}
                for index, name in enumerate(IRIS_COLUMNS)]},
]
DEFINITIONS = {
    "total_sample_count": "samples found in the source (plan_import(...).total)",
    "imported_sample_count": "samples the request keeps (len(plan.kept)), importing into an empty folder",
    "annotated_sample_count": "kept samples that keep at least one annotation (plan.annotated)",
    "label_counts": "label -> kept samples carrying it (plan.label_counts)",
    "annotation_counts": "label -> kept annotations, e.g. boxes (plan.annotation_counts), where given",
    "skipped": "reason -> samples dropped by the filters (plan.skipped)",
    "problems": "every SourceProblem read_source yields: file (storage key), line, code",
    "schema_columns": "read_source(schema_columns=...) = number of columns in the dataset's schema",
}


def main() -> None:
    for folder in (DEMO / "obs", HDFS):
        shutil.rmtree(folder, ignore_errors=True)
    imports = [
        make_folder_classification(), *make_spec_manifest(), *make_detection(), make_segmentation(),
        *make_text(), *make_table(), make_sound(), *make_broken(),
    ]
    types = {d["dataset_name"]: d["dataset_type"] for d in DATASETS}
    for entry in imports:
        entry["dataset_type"] = types[entry["dataset"]]
        entry["schema_columns"] = len(IRIS_COLUMNS) if entry["dataset_type"] == 400 else None
    for dataset in DATASETS:
        dataset["example_requests"] = [e["body"] for e in imports if e["dataset"] == dataset["dataset_name"]]
    dump(DEMO / "datasets.json", {"datasets": DATASETS})
    dump(DEMO / "expected.json", {"definitions": DEFINITIONS, "imports": imports})


def dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
