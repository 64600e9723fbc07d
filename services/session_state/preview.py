"""components/preview.py."""

from typing import Any

from services.session_state import SessionView, Slot

REVEAL = "_reveal_secrets"
UNFOLD = "_preview_unfold"  # every item of a long list shown, not the first few
VIEW = "_preview_view"
CACHE = "_preview_cache"


class PreviewState(SessionView):
    unfold: Slot[bool] = Slot(UNFOLD, False)
    # ((body key, revealed, unfolded), its HTML block, whether lists were folded)
    last: Slot[tuple[tuple[str, bool, bool], Any, bool] | None] = Slot(CACHE, None)

    def block(self, body_key: str, reveal: bool, unfold: bool) -> tuple[Any, bool] | None:
        """(the body's HTML block (components.preview.Markup), whether it folds a list) if it is the last one
        drawn, the same way."""
        last = self.last
        return (last[1], last[2]) if last is not None and last[0] == (body_key, reveal, unfold) else None

    def keep(self, body_key: str, reveal: bool, unfold: bool, block: Any, folds: bool) -> None:
        self.last = ((body_key, reveal, unfold), block, folds)
