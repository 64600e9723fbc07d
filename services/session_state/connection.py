"""pages/connection.py."""

from services.session_state import SessionView, Slot

STORE = "_connection_secrets"
KIND = "conn_kind"
WHERE = "conn_where"
REGION = "conn_region"
ENDPOINT = "conn_endpoint"
PROJECT = "conn_project"
METHOD = "conn_method"


def setting(name: str) -> str:
    """The box for one setting of the sign-in method, named as its environment variable."""
    return f"conn_{name}"


class ConnectionPageState(SessionView):
    secrets: Slot[dict[str, str]] = Slot(STORE, factory=dict)  # setting name -> secret typed (its box is emptied)
    where: Slot[str] = Slot(WHERE, "region")  # "region" or "custom"
    region: Slot[str] = Slot(REGION, "")
    endpoint: Slot[str] = Slot(ENDPOINT, "")
    project: Slot[str] = Slot(PROJECT, "")
    method: Slot[str] = Slot(METHOD, "token")

    def typed(self, name: str) -> str:
        """What the box of one setting of the sign-in method holds."""
        return str(self.state.get(setting(name)) or "")

    def clear(self, name: str) -> None:
        self.state[setting(name)] = ""
