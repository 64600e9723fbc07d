"""Import tasks in the background: QUEUING -> RUNNING -> COMPLETED or FAILED, reading the data root for real.

A few worker threads take task ids from a queue. Each import reads its source with the layout readers
(`sources.layouts`), applies the request's filters, stores the samples it keeps in the dataset's import
folder (a sample already there is not added twice) and records true counts. The objects a manifest names
are looked up with their sizes, so the 5 MB image limit applies to them as to a folder's images (for a large
manifest by a helper process, on another core, while the import reads on).
A task that was not finished when the sandbox stopped is picked up again on the next start; one interrupted
twice is failed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sandbox.db import Database, SampleCounts, now_ms
from sources.storage import LocalStorage, PathError, resolve_hdfs_path, resolve_obs_path

if TYPE_CHECKING:
    from models import ImportTaskRequest

# The wire models and the layout readers are imported by the first import task (_run), not as the sandbox
# starts: a sandbox answers its first requests ~0.1 s sooner.

log = logging.getLogger("sandbox.runner")

MAX_ATTEMPTS = 2
PROGRESS_EVERY_S = 0.25
HOLD_STAGES = ("queuing", "running")
# The label type of a dataset's labels, by dataset type (labels of table/free-format datasets have none).
LABEL_TYPE_BY_DATASET = {
    0: 0,
    1: 1,
    3: 3,
    100: 100,
    101: 101,
    102: 102,
    200: 200,
    201: 201,
    202: 202,
    600: 600,
}
LABEL_COLORS = (
    "#3399FF", "#FF6666", "#66CC66", "#FFCC33", "#CC66FF", "#33CCCC",
    "#FF9933", "#9999FF", "#99CC33", "#FF66B2", "#6699CC", "#CC9966",
)  # fmt: skip


class Stopping(Exception):
    """The sandbox is shutting down: leave the task as it is, the next start resumes it."""


@dataclass
class ImportCounts:
    total_samples: int
    files: int
    file_bytes: int
    samples: SampleCounts


class Runner:
    def __init__(self, db: Database, data_root: Path, *, import_delay: float, workers: int) -> None:
        self.db = db
        self.storage = LocalStorage(data_root)
        self.import_delay = import_delay
        self.workers = max(1, workers)
        self._queue: queue.Queue[str | None] = queue.Queue()  # None wakes a worker to see it must stop
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._hold: str | None = None
        self._hold_changed = threading.Condition()

    # lifecycle

    def start(self) -> None:
        self._recover()
        for number in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"sandbox-import-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(None)
        with self._hold_changed:
            self._hold_changed.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def submit(self, task_id: str) -> None:
        self._queue.put(task_id)

    # the hold switch (tests only, with --faults)

    @property
    def hold(self) -> str | None:
        return self._hold

    def set_hold(self, stage: str | None) -> None:
        """Keep imports at `stage` ("queuing" or "running") until the hold is released (None)."""
        if stage is not None and stage not in HOLD_STAGES:
            raise ValueError(f"hold must be one of {HOLD_STAGES} or null")
        with self._hold_changed:
            self._hold = stage
            self._hold_changed.notify_all()

    def _wait_while_held(self, stage: str) -> None:
        with self._hold_changed:
            while self._hold == stage and not self._stopping.is_set():
                self._hold_changed.wait(0.5)
        if self._stopping.is_set():
            raise Stopping

    def _pause(self) -> None:
        if self.import_delay > 0 and self._stopping.wait(self.import_delay):
            raise Stopping

    # work

    def _recover(self) -> None:
        for task in self.db.unfinished_tasks():
            if task["status"] == "RUNNING" and task["attempts"] >= MAX_ATTEMPTS:
                self._fail(
                    task["task_id"],
                    "ModelArts.0010",
                    f"The sandbox stopped {task['attempts']} times while this import was running, so it was "
                    "not resumed again. Create the import task again.",
                )
                continue
            log.info("resuming import task %s (%s when the sandbox stopped)", task["task_id"], task["status"])
            self.submit(task["task_id"])

    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                task_id = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if task_id is None:
                continue
            try:
                self._run(task_id)
            except Stopping:
                return
            except Exception:  # a bug must not kill the worker; the task says what happened
                log.exception("import task %s failed unexpectedly", task_id)
                self._fail(task_id, "ModelArts.0010", "The sandbox failed unexpectedly; see its log.")

    def _run(self, task_id: str) -> None:
        from sources.layouts import ImportFailure

        task = self.db.get_task(task_id)
        if task is None or task["status"] not in ("QUEUING", "STARTING", "RUNNING"):
            return
        self._wait_while_held("queuing")
        self._pause()
        started = task["started_ms"] or now_ms()
        self.db.update_task(task_id, status="RUNNING", attempts=task["attempts"] + 1, started_ms=started)
        self._wait_while_held("running")
        try:
            counts = self._import(task)
        except ImportFailure as failure:
            self._fail(task_id, failure.code, failure.message)
            return
        except PathError as error:
            self._fail(task_id, error.code, error.message)
            return
        self._pause()
        self.db.update_task(
            task_id,
            status="COMPLETED",
            total_sample_count=counts.total_samples,
            imported_sample_count=counts.samples.imported,
            annotated_sample_count=counts.samples.annotated,
            unconfirmed_sample_count=counts.samples.unconfirmed,
            total_file_count=counts.files,
            finished_file_count=counts.files,
            total_file_size=counts.file_bytes,
            finished_file_size=counts.file_bytes,
            finished_ms=now_ms(),
        )

    def _fail(self, task_id: str, code: str, message: str) -> None:
        self.db.update_task(
            task_id, status="FAILED", error_code=code, error_msg=message, finished_ms=now_ms()
        )

    def _import(self, task: dict[str, Any]) -> ImportCounts:
        from models import ImportTaskRequest
        from sandbox.writer import SampleWriter
        from sources.layouts import ImportFailure, plan_import, read_source

        request = ImportTaskRequest.model_validate(task["request"])
        dataset = self.db.get_dataset(task["dataset_id"])
        if dataset is None:
            raise ImportFailure("ModelArts.4352", f"Dataset {task['dataset_id']} does not exist.")
        task_id, dataset_id = task["task_id"], dataset["dataset_id"]
        storage = LocalStorage(self.storage.root, snapshot=True)  # a view for this import only
        items = read_source(
            storage,
            request,
            dataset["dataset_type"],
            schema_columns=len(dataset.get("schema") or []) or None,
            progress=_progress_reporter(self.db, task_id, self._stopping),  # raises Stopping when stopping
            # A manifest's objects are looked up with their sizes: the service skips images over 5 MB, and the
            # sandbox behaves like it. A stat per object is ~40% of a large manifest import's CPU; on this
            # snapshot view a helper process makes them while the import reads on (sources/size_helper.py).
            source_sizes=True,
        )  # raises ImportFailure at once for a refused, missing or unreachable source
        root, is_file = source_key(storage, request)
        files = _listing(storage, root, is_file)
        self.db.update_task(task_id, total_file_count=len(files), total_file_size=sum(files.values()))
        existing = self.db.sample_keys(dataset_id) if request.import_samples is False else None
        if task["attempts"]:  # resumed: what the interrupted attempt added is added again below
            self.db.forget_task_samples(task_id)
        writer = SampleWriter(
            self.db, dataset_id, request.import_folder or task_id, task_id,
            annotate=request.import_samples is False, final=request.final_annotation is not False,
            renames=_renames(request),
        )  # fmt: skip
        plan = plan_import(items, request, existing_keys=existing, on_kept_batch=writer.add_batch, label_counts=False)
        written = writer.finish()
        self._store_labels(dataset, request, writer.label_names)
        file_count, file_bytes = len(files), sum(files.values())
        if is_file:  # and the objects a manifest names (the task's file size stays the manifest's)
            file_count += writer.distinct_samples - writer.inline_samples
        return ImportCounts(plan.total, file_count, file_bytes, written)

    def _store_labels(self, dataset: dict[str, Any], request: ImportTaskRequest, found: list[str]) -> None:
        """Put on the dataset the labels of the imported annotations and the label definitions sent."""
        label_type = LABEL_TYPE_BY_DATASET.get(dataset["dataset_type"])
        known = {label["name"] for label in self.db.dataset_labels(dataset["dataset_id"])}
        labels: list[dict[str, Any]] = []
        for label in request.included_labels or []:
            if label.name is None or (label.type is None and label.property is None and not label.attributes):
                continue  # a bare name filters the import and defines nothing; without a name nothing is defined
            body = label.to_body()
            rename = (body.get("property") or {}).pop("@modelarts:rename_to", None)
            if rename:
                body["name"] = rename
            labels.append(body)
        names = {label["name"] for label in labels}
        for name in found:
            if name not in known and name not in names:
                names.add(name)
                labels.append({"name": name})
        color_index = len(known)
        for label in labels:
            if label["name"] in known:
                continue
            prop = label.setdefault("property", {})
            if "@modelarts:color" not in prop:
                prop["@modelarts:color"] = LABEL_COLORS[color_index % len(LABEL_COLORS)]
                color_index += 1
            if label_type is not None:
                label.setdefault("type", label_type)
        if labels:
            self.db.upsert_labels(dataset["dataset_id"], labels, default_type=label_type)  # type: ignore[arg-type]


def source_key(storage: LocalStorage, request: ImportTaskRequest) -> tuple[str, bool]:
    """The storage key a (valid, existing) source is read from, and whether it is a single file."""
    if request.source_kind == "mrs":
        info = request.data_source.source_info if request.data_source else None
        scheme, rest = resolve_hdfs_path(info.input if info and info.input else "")
    else:
        scheme, rest = resolve_obs_path(request.import_path or "")
    key = f"{scheme}/{rest}"
    return key, storage.size(key) is not None


def _listing(storage: LocalStorage, root: str, is_file: bool) -> dict[str, int]:
    if is_file:
        return {root: storage.size(root) or 0}
    return {obj.key: max(obj.size, 0) for obj in storage.list(root + "/")}  # an UNREADABLE entry weighs nothing


def _progress_reporter(
    db: Database, task_id: str, stopping: threading.Event
) -> Callable[[int, int | None], None]:
    last = 0.0

    def report(done: int, total: int | None) -> None:
        """Folders count files (total None); a single file (manifest, text, CSV) counts bytes."""
        nonlocal last
        if stopping.is_set():
            raise Stopping
        moment = time.monotonic()
        if moment - last >= PROGRESS_EVERY_S:
            last = moment
            if total is None:
                db.update_task(task_id, finished_file_count=done)
            else:
                db.update_task(task_id, finished_file_size=done)

    return report


def _renames(request: ImportTaskRequest) -> dict[str, str]:
    renames: dict[str, str] = {}
    for label in request.included_labels or []:
        if label.name is not None and label.property is not None and label.property.rename_to:
            renames[label.name] = label.property.rename_to
    return renames
