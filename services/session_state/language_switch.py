"""components/language_switch.py (the language chosen is services/i18n.py's)."""

SWITCH = "_language_switch"
