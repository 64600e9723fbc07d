"""Times as people read them: in the browser's time zone, as the reader's language writes them, and "3 min ago"."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from services import i18n
from services.i18n import _


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
    """'Nov 29, 2026, 2:03:07 PM' / '2026年11月29日 14:03:07' in the browser's zone ('… UTC' when the zone is
    unknown); the time alone without the date."""
    shown = local(moment)
    text = i18n.date_time(shown) if with_date else i18n.time_of_day(shown)
    return text if browser_zone() else _("{time} UTC").format(time=text)


def duration(seconds: float) -> str:
    """'45 s', '3 min 20 s', '2 h 05 min', '3 d 4 h' (in Chinese '45 秒', '3 分 20 秒'...)."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("{seconds} s").format(seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{seconds:02d}")
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
    days, hours = divmod(hours, 24)
    return _("{days} d {hours} h").format(days=i18n.number(days), hours=hours)


def ago(moment: datetime, now: datetime | None = None) -> str:
    return _("{duration} ago").format(duration=duration(((now or datetime.now(UTC)) - moment).total_seconds()))


def from_epoch_ms(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, UTC) if value else None
