"""A value this browser keeps between visits: a cookie, written by a script on the page and read back by later
sessions through st.context.cookies."""

import streamlit as st

YEAR = 31536000  # seconds


def remember(name: str, value: str) -> None:
    """Keep `name=value` in this browser for a year (names and values are the app's own constants)."""
    st.html(
        f"<script>document.cookie = '{name}={value}; max-age={YEAR}; path=/; SameSite=Lax';</script>",
        width="content",
        unsafe_allow_javascript=True,
    )
