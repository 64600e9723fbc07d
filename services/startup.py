"""A fresh server's warm-up: what its first page needs is prepared before the first browser asks for it.

`streamlit run app.py` serves the app through `st.App` (see app.py). As it imports app.py, `prepare()`
starts the local sandbox's process (when no cloud settings are configured, as a new session would), imports the
modules app.py and the compose page import and builds what the first page run would build on first use
(`build_first_use`), so that none of it competes with the first browser while it loads Streamlit's own scripts,
nor waits in the first run. The lifespan then calls `begin()` before the server serves:
it turns Nagle's algorithm off on the server's socket and starts a background thread, which freezes what is
alive for the garbage collector, waits until the sandbox answers, and
after the first page has been drawn (or after a while without a visitor) opens the portal's database,
which the first page does not need but the first draft save does.

Every measure the app takes to start or serve faster is here, named in MEASURES; bench/cold_start.py has a
row for each with it left out (the setting IMPORT_COMPOSER_SKIP_MEASURES), which shows what it is worth.
"""

from __future__ import annotations

import ast
import datetime
import gc
import importlib
import inspect
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
PAGE_SCRIPTS = (ROOT / "app.py", ROOT / "pages" / "compose.py")
STORE_AFTER_S = 10.0  # with no visitor by then, the database is opened anyway
# After the first page run, its messages are still on their way to the browser: opening the database (CPU and
# the GIL for ~0.3 s) waits a little longer, so as not to hold them up.
STORE_AFTER_PAGE_S = 1.5
_page_drawn = threading.Event()
_prepared = False

MEASURES = {
    "early_sandbox": "the local sandbox's process starts as `streamlit run` imports app.py",
    "page_imports": "the modules of app.py and the compose page are imported before the first visit",
    "first_use": "what the first page run builds on first use (Babel's tables and the catalogs, Streamlit's emoji "
    "pattern, inspect's module map) is built before the first visit",
    "no_delay": "Nagle's algorithm off on the server's listening socket",
    "gc_freeze": "what start-up built is frozen out of the garbage collector's full collections",
    "store_warm": "the portal's database is opened in the background after the first page",
}


def measure_on(name: str) -> bool:
    """Whether the start-up measure `name` is taken (all are, unless a benchmark leaves some out)."""
    from services import settings

    assert name in MEASURES, name
    skipped = settings.current().get(settings.SKIP_MEASURES) or ""
    return name not in {part.strip() for part in skipped.split(",")}


def page_modules(scripts: tuple[Path, ...] = PAGE_SCRIPTS) -> list[str]:
    """The modules the scripts import by name (`import x`, `from x import y`, `from x import submodule`),
    in order. Imports inside functions other than app.py's `main` are the lazy ones: left out."""
    found: dict[str, None] = {}
    for script in scripts:
        for node in _eager_statements(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found[node.module] = None
                found.update((f"{node.module}.{alias.name}", None) for alias in node.names)
    return list(found)


def _eager_statements(tree: ast.AST) -> list[ast.AST]:
    statements: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop(0)
        statements.append(node)
        if isinstance(node, ast.Lambda) or (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name != "main"
        ):
            continue
        stack[:0] = list(ast.iter_child_nodes(node))
    return statements


def import_page_modules() -> None:
    for name in page_modules():
        parent, _, attribute = name.rpartition(".")
        if parent in sys.modules and hasattr(sys.modules[parent], attribute):
            continue  # `from module import name`: imported with its module
        importlib.import_module(name)


def prepare() -> None:
    """Start the local sandbox's process when new sessions will use it and import the page's modules; once.

    app.py calls this as `streamlit run` imports it, ~0.15 s before the server has set itself up and the
    lifespan begins: on a fresh server the first page's run waits for the sandbox to finish starting, and
    the sooner it starts the shorter that wait."""
    global _prepared
    if _prepared:
        return
    _prepared = True
    try:
        from services import target

        if measure_on("early_sandbox") and target.default_connection().kind == "sandbox":
            # The sandbox's own start-up (~0.7 s of CPU) then runs beside the server's, on the other core.
            target.begin_local_sandbox()
        if measure_on("page_imports"):
            import_page_modules()
        if measure_on("first_use"):
            build_first_use()
    except Exception:  # the page then does it itself, and says what went wrong
        log.warning("warm-up: the page's modules or the local sandbox could not be prepared", exc_info=True)


def build_first_use() -> None:
    """Build what the first page run would build on first use, once per process, each in its module's own cache:
    Babel's locale data for numbers and dates and the catalogs of every language (services.i18n), Streamlit's
    emoji pattern (compiled the first time a label that is not ASCII is drawn: the language switch's 中文) and
    the map of inspect.getmodule (filled the first time an element is drawn: Streamlit looks at the call stack
    once per process, to know whether it runs in a REPL). The last two are Streamlit's internals: should they
    change, this only builds nothing."""
    from babel.dates import format_time
    from babel.numbers import format_decimal

    from services import i18n

    for language in i18n.LANGUAGES:
        i18n.catalog(language)
    for locale in ("en_US", "zh_Hans_CN"):  # i18n.babel_locale()
        format_decimal(1000, locale=locale)
        format_time(datetime.time(0), "medium", locale=locale)
    try:
        from streamlit.string_util import extract_leading_icon

        extract_leading_icon("中文")
        extract_leading_icon(":material/check: x")
    except Exception:
        log.debug("warm-up: Streamlit's emoji pattern was not built", exc_info=True)
    inspect.stack()  # after every import above: the map then holds them all


def begin() -> threading.Thread:
    """Turn Nagle's algorithm off on the server's socket, prepare() unless done, then the rest of the
    warm-up in the background; returns the warm-up's thread."""
    if measure_on("no_delay"):
        send_without_delay()
    prepare()
    thread = threading.Thread(target=_warm_up, name="import-composer-warm-up", daemon=True)
    thread.start()
    return thread


def send_without_delay(fd_folder: Path = Path("/proc/self/fd")) -> int:
    """Turn Nagle's algorithm off (TCP_NODELAY) on this process's listening TCP sockets, which the
    connections they accept inherit (Linux); returns how many. Where the process's descriptors can't be
    listed, does nothing.

    Streamlit binds the server's socket itself, without naming the protocol, so asyncio does not turn the
    algorithm off for the connections it accepts, as it does for sockets it makes. On a kept-alive
    connection a response's body then waits until the browser acknowledges the headers, which it delays by
    up to 40 ms: each static file after a connection's first took ~45 ms instead of ~2, and a first visit
    loads ~100 of them over 6 connections (the compose page's widgets ~40 after its script has run)."""
    try:
        descriptors = [int(name) for name in os.listdir(fd_folder)]
    except OSError:
        return 0
    done = 0
    for fd in descriptors:
        try:
            probe = socket.socket(fileno=fd)
        except OSError:  # not a socket, or already closed
            continue
        try:
            if (
                probe.family in (socket.AF_INET, socket.AF_INET6)
                and probe.type == socket.SOCK_STREAM
                and probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
            ):
                probe.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
        except OSError:
            pass
        finally:
            probe.detach()  # the descriptor stays its owner's
    return done


def _warm_up() -> None:
    from services import target

    if measure_on("gc_freeze"):
        settle_garbage_collector()
    try:
        if measure_on("early_sandbox") and target.default_connection().kind == "sandbox":
            target.await_local_sandbox()  # so that the first page's client need not
    except Exception:
        log.warning("warm-up: the local sandbox did not start", exc_info=True)
    if measure_on("store_warm"):
        if _page_drawn.wait(STORE_AFTER_S):
            time.sleep(STORE_AFTER_PAGE_S)
        try:
            from services.database import portal_store

            portal_store()
        except Exception:
            log.warning("warm-up: the portal's database could not be opened", exc_info=True)
    try:
        from services.history import resolve_at_start

        resolve_at_start()  # a create whose answer was lost, or which a crash interrupted: was the task made?
    except Exception:
        log.warning("warm-up: submissions of unknown outcome could not be resolved", exc_info=True)
    if measure_on("gc_freeze"):
        settle_garbage_collector()


def settle_garbage_collector() -> None:
    """Move what is alive now (modules, classes, the store) out of the collector's sight for good.

    Streamlit runs a full collection after every page run (runner.postScriptGC), holding the GIL while
    it walks every object in the process: ~50 ms once the app's modules are loaded, during which the
    run's last messages to the browser wait. Frozen objects are not walked again; garbage made by page
    runs is still collected. What is garbage now is collected first, so nothing is frozen that is not
    alive."""
    gc.collect()
    gc.freeze()


def page_drawn() -> None:
    """A page run finished: background work that would have slowed it may go ahead."""
    _page_drawn.set()


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """st.App's lifespan hook."""
    begin()
    yield
    from services import drafts

    drafts.wait_for_saves()  # the last change's draft, written while the database is still open
