"""components/preview.py."""

REVEAL = "_reveal_secrets"
VIEW = "_preview_view"
CACHE = "_preview_cache"
