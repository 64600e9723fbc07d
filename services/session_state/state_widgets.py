"""components/state_widgets.py: the form's widgets, keyed by wire path (services/form_state.py)."""


def forget_button(key: str) -> str:
    return f"_forget_{key}"
