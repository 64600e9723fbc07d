"""components/preview.py."""

from typing import Any

from services.session_state import SessionView, Slot

REVEAL = "_reveal_secrets"
VIEW = "_preview_view"
CACHE = "_preview_cache"


class PreviewState(SessionView):
    last: Slot[tuple[tuple[str, bool], Any] | None] = Slot(CACHE, None)  # ((body key, revealed), its HTML block)

    def block(self, body_key: str, reveal: bool) -> Any | None:
        """The body's HTML block (components.preview.Markup) if it is the last one drawn, the same way."""
        last = self.last
        return last[1] if last is not None and last[0] == (body_key, reveal) else None

    def keep(self, body_key: str, reveal: bool, block: Any) -> None:
        self.last = ((body_key, reveal), block)
