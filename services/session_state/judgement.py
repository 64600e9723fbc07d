"""components/judgement.py."""

CACHE = "_judgement"
