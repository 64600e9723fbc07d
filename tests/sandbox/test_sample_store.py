"""The sandbox's sample store: batches of samples in one row each, what they answer, and older data roots."""

import sqlite3
from pathlib import Path

from sandbox.db import ANNOTATED, HARD, UNCONFIRMED, Database, SampleColumns, SampleCounts, SampleRow
from sandbox.writer import SampleWriter
from sources.layouts import SampleAnnotation, SourceSample

CAT = '[{"name":"cat"}]'
BOXED = '[{"name":"dog","difficult":true,"box":[1.0,2.0,3.0,4.0]}]'


def insert(db: Database, dataset_id: str, folder: str, task_id: str, rows: list[SampleRow]) -> SampleCounts:
    return db.insert_samples(dataset_id, folder, task_id, SampleColumns.of(rows))


def listed(db: Database, dataset_id: str) -> list[tuple[object, ...]]:
    return [
        (
            s["folder"],
            s["sample_key"],
            s["task_id"],
            s["source"],
            s["kind"],
            s["annotations"],
            s["annotated"],
            s["unconfirmed"],
            s["hard"],
        )
        for s in db.samples(dataset_id)
    ]


def test_batches_answer_listings_keys_and_counts(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    dataset = db.create_dataset(name="d", dataset_type=0)
    other = db.create_dataset(name="o", dataset_type=0)
    first = insert(
        db,
        dataset,
        "f",
        "t1",
        [
            ("obs/b/2.jpg", "obs/b/2.jpg", "image", 5, CAT, ANNOTATED),
            ("obs/b/1.jpg", "obs/b/1.jpg", "image", 7, "[]", HARD),
        ],
    )
    second = insert(
        db,
        dataset,
        "g",
        "t2",
        [
            ("m#1", "content://hello", "text", 5, BOXED, UNCONFIRMED | HARD),
            ("obs/b/1.jpg", "obs/b/1.jpg", "image", 7, CAT, UNCONFIRMED),
        ],
    )
    insert(db, other, "f", "t3", [("obs/b/9.jpg", "obs/b/9.jpg", "image", 1, CAT, ANNOTATED)])
    assert (first.imported, first.annotated, first.unconfirmed) == (2, 1, 0)
    assert (second.imported, second.annotated, second.unconfirmed) == (2, 0, 2)
    assert listed(db, dataset) == [
        ("f", "obs/b/1.jpg", "t1", "obs/b/1.jpg", "image", [], False, False, True),
        ("f", "obs/b/2.jpg", "t1", "obs/b/2.jpg", "image", [{"name": "cat"}], True, False, False),
        (
            "g",
            "m#1",
            "t2",
            "content://hello",
            "text",
            [{"name": "dog", "difficult": True, "box": [1.0, 2.0, 3.0, 4.0]}],
            False,
            True,
            True,
        ),
        ("g", "obs/b/1.jpg", "t2", "obs/b/1.jpg", "image", [{"name": "cat"}], False, True, False),
    ]
    assert db.folder_keys(dataset, "f") == {"obs/b/1.jpg", "obs/b/2.jpg"}
    assert db.folder_keys(dataset, "h") == set()
    assert db.sample_keys(dataset) == {"obs/b/1.jpg", "obs/b/2.jpg", "m#1"}
    details = db.get_dataset(dataset)
    assert details is not None
    assert (details["total_sample_count"], details["annotated_sample_count"], details["unconfirmed_sample_count"]) == (
        4,
        1,
        2,
    )


def test_annotating_changes_the_samples_of_a_key_in_every_folder(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    dataset = db.create_dataset(name="d", dataset_type=0)
    insert(db, dataset, "f", "t1", [("a", "a", "image", 1, "[]", 0), ("b", "b", "image", 1, "[]", 0)])
    insert(db, dataset, "g", "t2", [("a", "a", "image", 1, "[]", 0)])
    counts = db.annotate_samples(
        dataset, [("a", "a", "image", 1, CAT, ANNOTATED | HARD), ("z", "z", "image", 1, CAT, ANNOTATED)]
    )
    assert (counts.imported, counts.annotated, counts.unconfirmed) == (0, 2, 0)  # "a" in both folders
    samples = [(s["folder"], s["sample_key"], s["annotations"], s["annotated"], s["hard"]) for s in db.samples(dataset)]
    assert samples == [
        ("f", "a", [{"name": "cat"}], True, True),
        ("f", "b", [], False, False),
        ("g", "a", [{"name": "cat"}], True, True),
    ]
    details = db.get_dataset(dataset)
    assert details is not None and (details["total_sample_count"], details["annotated_sample_count"]) == (3, 2)


def test_forgetting_a_task_removes_only_its_samples(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    dataset = db.create_dataset(name="d", dataset_type=0)
    insert(db, dataset, "f", "t1", [("a", "a", "image", 1, "[]", 0)])
    insert(db, dataset, "f", "t2", [("b", "b", "image", 1, "[]", 0)])
    insert(db, dataset, "f", "t2", [("c", "c", "image", 1, "[]", 0)])
    db.forget_task_samples("t2")
    assert [s["sample_key"] for s in db.samples(dataset)] == ["a"]
    assert db.folder_keys(dataset, "f") == {"a"}


def test_a_data_root_with_a_row_per_sample_is_moved_to_batches(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    dataset = db.create_dataset(name="d", dataset_type=0)
    db.close()
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE samples (
            dataset_id TEXT NOT NULL, folder TEXT NOT NULL, sample_key TEXT NOT NULL, task_id TEXT NOT NULL,
            annotation_task_id TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
            size INTEGER NOT NULL DEFAULT 0, annotations_json TEXT NOT NULL DEFAULT '[]',
            annotated INTEGER NOT NULL DEFAULT 0, unconfirmed INTEGER NOT NULL DEFAULT 0,
            hard INTEGER NOT NULL DEFAULT 0, create_time INTEGER NOT NULL,
            PRIMARY KEY (dataset_id, folder, sample_key));
        CREATE INDEX samples_by_key ON samples(dataset_id, sample_key);
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
    """)
    rows = [
        ("f", "b", "t1", "b", "image", CAT, 1, 0, 0),
        ("f", "a", "t1", "a", "image", "[]", 0, 0, 1),
        ("g", "a", "t2", "content://x", "text", CAT, 0, 1, 0),
    ]
    conn.executemany(
        "INSERT INTO samples(dataset_id, folder, sample_key, task_id, annotation_task_id, source, kind, size,"
        " annotations_json, annotated, unconfirmed, hard, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, 3, ?, ?, ?, ?, 1)",
        [(dataset, f, k, t, t, src, kind, ann, a, u, h) for f, k, t, src, kind, ann, a, u, h in rows],
    )
    conn.commit()
    conn.close()

    db = Database(path)
    assert listed(db, dataset) == [
        ("f", "a", "t1", "a", "image", [], False, False, True),
        ("f", "b", "t1", "b", "image", [{"name": "cat"}], True, False, False),
        ("g", "a", "t2", "content://x", "text", [{"name": "cat"}], False, True, False),
    ]
    details = db.get_dataset(dataset)
    assert details is not None
    assert (details["total_sample_count"], details["annotated_sample_count"], details["unconfirmed_sample_count"]) == (
        3,
        1,
        1,
    )
    assert db.get_meta("schema_version") == "2"
    db.close()
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert ("samples",) not in tables


def test_the_writer_keeps_the_first_sample_of_a_key_across_batches_and_skips_the_folders_own(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    dataset = db.create_dataset(name="d", dataset_type=0)
    insert(db, dataset, "f", "t0", [("old", "old", "image", 1, "[]", 0)])
    writer = SampleWriter(db, dataset, "f", "t1", annotate=False, final=False, renames={"cat": "kitty"})

    def sample(key: str, *labels: str, hard: bool = False) -> SourceSample:
        return SourceSample(key, key, "image", [SampleAnnotation(label) for label in labels], hard, 2)

    writer.add_batch([sample("a", "cat"), sample("b"), sample("a", "dog")])
    writer.add_batch([sample("b", "dog"), sample("old", "cat"), sample("c", "cat", "dog", hard=True)])
    counts = writer.finish()
    assert (counts.imported, counts.annotated, counts.unconfirmed) == (3, 0, 2)
    assert writer.distinct_samples == 4 and writer.label_names == ["kitty", "dog"]
    assert [
        (s["sample_key"], s["task_id"], [a["name"] for a in s["annotations"]], s["unconfirmed"], s["hard"])
        for s in db.samples(dataset)
    ] == [
        ("a", "t1", ["kitty"], True, False),
        ("b", "t1", [], False, False),
        ("c", "t1", ["kitty", "dog"], True, True),
        ("old", "t0", [], False, False),
    ]


def test_keys_with_newlines_and_first_batches_with_json_keys_read_back(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = Database(path)
    dataset = db.create_dataset(name="d", dataset_type=0)
    newline = "obs/b/a\nb.jpg"
    insert(db, dataset, "f", "t1", [(newline, newline, "image", 1, "[]", 0), ("c", "c", "image", 1, "[]", 0)])
    insert(db, dataset, "g", "t2", [("[x", "[x", "image", 1, "[]", 0), ("y", "y", "image", 1, "[]", 0)])
    assert db.sample_keys(dataset) == {"obs/b/a\nb.jpg", "c", "[x", "y"}
    db.close()
    conn = sqlite3.connect(path)  # as the first batches were written: keys as a JSON list, in keys_json
    conn.execute("ALTER TABLE sample_batches RENAME COLUMN keys_text TO keys_json")
    conn.execute("UPDATE sample_batches SET keys_json = '[\"p\",\"q\"]' WHERE folder = 'g'")
    conn.commit()
    conn.close()
    db = Database(path)
    assert db.folder_keys(dataset, "g") == {"p", "q"}
    assert [s["sample_key"] for s in db.samples(dataset)] == ["c", "obs/b/a\nb.jpg", "p", "q"]


def test_a_batch_of_single_annotations_gives_each_sample_its_own(tmp_path: Path) -> None:
    """The writer's path for batches whose samples have one annotation each, shared or not."""
    db = Database(tmp_path / "s.db")
    dataset = db.create_dataset(name="d", dataset_type=1)
    writer = SampleWriter(db, dataset, "f", "t1", annotate=False, final=True, renames={"cat": "kitty"})
    cat, boxed = SampleAnnotation("cat"), SampleAnnotation("dog", True, (1.0, 2.0, 3.0, 4.0))
    writer.add_batch(
        [
            SourceSample("a", "a", "image", [cat]),
            SourceSample("b", "b", "image", [boxed], True),
            SourceSample("c", "c", "image", [SampleAnnotation("cat")]),
            SourceSample("d", "d", "image", [cat]),
        ]
    )
    writer.add_batch([SourceSample("e", "e", "image", [boxed]), SourceSample("f", "f", "image", [cat])])  # seen before
    counts = writer.finish()
    assert (counts.imported, counts.annotated) == (6, 6) and writer.label_names == ["kitty", "dog"]
    assert [(s["sample_key"], s["annotations"], s["hard"]) for s in db.samples(dataset)] == [
        ("a", [{"name": "kitty"}], False),
        ("b", [{"name": "dog", "difficult": True, "box": [1.0, 2.0, 3.0, 4.0]}], True),
        ("c", [{"name": "kitty"}], False),
        ("d", [{"name": "kitty"}], False),
        ("e", [{"name": "dog", "difficult": True, "box": [1.0, 2.0, 3.0, 4.0]}], False),
        ("f", [{"name": "kitty"}], False),
    ]
