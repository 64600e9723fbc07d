"""components/preview.py."""

import hashlib
from typing import Any

from services.session_state import SessionView, Slot

REVEAL = "_reveal_secrets"
VIEW = "_preview_view"
CACHE = "_preview_cache"


def _digest(body_key: str) -> bytes:
    """What the cache keeps of a body's key (the key is the body's JSON: kept whole, it is the body again)."""
    return hashlib.blake2b(body_key.encode("utf-8", "surrogatepass"), digest_size=20).digest()


class PreviewState(SessionView):
    last: Slot[tuple[tuple[bytes, bool], Any] | None] = Slot(CACHE, None)  # ((key's digest, revealed), HTML block)

    def block(self, body_key: str, reveal: bool) -> Any | None:
        """The body's HTML block (components.preview.Markup) if it is the last one drawn, the same way."""
        last = self.last
        return last[1] if last is not None and last[0] == (_digest(body_key), reveal) else None

    def keep(self, body_key: str, reveal: bool, block: Any) -> None:
        self.last = ((_digest(body_key), reveal), block)
