"""Memory of 20 sessions, each holding the largest body the portal accepts, in one `streamlit run app.py`.

    python3 -m bench.session_memory [--sessions 20] [--limit-mb 1024]

The largest accepted body: MAX_LABELS labels (models/limits.py), names padded until the JSON is just under
MAX_BODY_BYTES. Each session pastes it into Load request JSON and fills the form, through Streamlit's agent
API (no browser): its form state, the request's judgement and the preview are then held by the server. The
server's resident memory (VmRSS, the process and its children) is read before the first session and after each.
The figure that counts: the server after all sessions, against the stated limit (README, "Limits").
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from models.limits import MAX_ATTRIBUTES_PER_LABEL, MAX_BODY_BYTES, MAX_LABELS, limit_problems
from sandbox.launcher import start_sandbox
from tests.pages.agent import start_app

CAT_DOG = "s3://test-obs/daoLu_images/cat-dog/"


def largest_body() -> str:
    """The largest body within the caps: MAX_LABELS labels, the JSON just under MAX_BODY_BYTES."""
    def text(width: int) -> str:
        labels = [{"name": f"label-{i:05d}-" + "x" * width} for i in range(MAX_LABELS)]
        return json.dumps({"import_path": CAT_DOG, "import_type": "dir", "included_labels": labels})

    width = 0
    while len(text(width + 1).encode()) <= MAX_BODY_BYTES:
        width += 1
    body = text(width)
    assert not limit_problems(json.loads(body)) and len(body.encode()) <= MAX_BODY_BYTES
    return body


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, in MB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        pending.extend(int(child) for child in children)
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--limit-mb", type=float, default=768.0, help="the stated limit for all sessions")
    args = parser.parse_args()
    body = largest_body()
    caps = f"{MAX_BODY_BYTES // 1024} KB, {MAX_LABELS:,} labels, {MAX_ATTRIBUTES_PER_LABEL} attributes per label"
    print(f"largest accepted body: {len(body.encode()) / 1024:.0f} KB, {MAX_LABELS:,} labels (caps: {caps})")
    with tempfile.TemporaryDirectory() as folder, start_sandbox(Path(folder) / "sandbox", port=0) as sandbox:
        app = start_app(Path(folder) / "app", {"IMPORT_COMPOSER_SANDBOX_URL": sandbox.url,
                                               "IMPORT_COMPOSER_DATA": str(Path(folder) / "data")})
        try:
            app.interact()  # one plain session: the app's modules loaded, the page drawn once
            time.sleep(1.0)
            start = rss_mb(app.process.pid)
            print(f"{'sessions':>8} {'server MB':>10} {'added MB':>9} {'s/session':>9}")
            print(f"{0:>8} {start:>10.0f} {0:>9.0f}")
            for number in range(1, args.sessions + 1):
                began = time.perf_counter()
                session = app.interact()["session_id"]
                app.interact(session_id=session, widget_state={"request_json": body})
                page = app.interact(session_id=session, trigger={"key": "_load_json"})
                assert "The form now holds the pasted request" in json.dumps(page), "the body was not accepted"
                took = time.perf_counter() - began
                now = rss_mb(app.process.pid)
                print(f"{number:>8} {now:>10.0f} {now - start:>9.0f} {took:>9.1f}")
            final = rss_mb(app.process.pid)
        finally:
            app.stop()
    verdict = "within" if final <= args.limit_mb else "OVER"
    print(f"\n{args.sessions} sessions with the largest accepted body: server {final:.0f} MB "
          f"({(final - start) / args.sessions:.0f} MB per session): {verdict} the stated {args.limit_mb:.0f} MB")


if __name__ == "__main__":
    main()
