"""pages/connection.py."""

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
