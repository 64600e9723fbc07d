"""components/language_switch.py (the language chosen is services/i18n.py's)."""

from services.session_state import SessionView, Slot

SWITCH = "_language_switch"


class LanguageSwitchState(SessionView):
    shown: Slot[str | None] = Slot(SWITCH, None)  # the switch's value: the language the page shows
