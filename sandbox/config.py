"""How a sandbox process is configured (command line of `python -m sandbox`, see sandbox/__main__.py)."""

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_DATA_ROOT = Path("data/sandbox")
DEFAULT_IMPORT_DELAY = 0.2
DEFAULT_WORKERS = 2
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SandboxConfig:
    data_root: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    ak: str | None = None
    sk: str | None = field(default=None, repr=False)
    faults: bool = False
    import_delay: float = DEFAULT_IMPORT_DELAY
    workers: int = DEFAULT_WORKERS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    demo: bool = True
    instance_id: str = ""

    @property
    def verifies_signatures(self) -> bool:
        return bool(self.ak and self.sk)

    @property
    def db_path(self) -> Path:
        return self.data_root / "sandbox.sqlite3"
