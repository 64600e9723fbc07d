"""Times as people read them: in the browser's time zone, and "3 min ago"."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st


def browser_zone() -> ZoneInfo | None:
    try:
        name = st.context.timezone
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return None


def local(moment: datetime) -> datetime:
    zone = browser_zone()
    return moment.astimezone(zone) if zone else moment.astimezone(UTC)


def clock(moment: datetime, with_date: bool = True) -> str:
    """'2026-11-29 14:03:07' in the browser's zone ('… UTC' when the zone is unknown)."""
    shown = local(moment)
    text = shown.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")
    return text if browser_zone() else f"{text} UTC"


def duration(seconds: float) -> str:
    """'45 s', '3 min 20 s', '2 h 05 min', '3 d 4 h'."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def ago(moment: datetime, now: datetime | None = None) -> str:
    return duration(((now or datetime.now(UTC)) - moment).total_seconds()) + " ago"


def from_epoch_ms(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, UTC) if value else None
