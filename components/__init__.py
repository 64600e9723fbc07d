"""Render helpers for the compose form and its pieces. No HTTP of their own."""
