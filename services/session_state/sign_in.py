"""components/sign_in.py."""

SIGN_IN = "_sign_in"
SIGN_OUT = "_sign_out"
ACCOUNT = "_account"


def sign_in_with(provider: str) -> str:
    return f"_sign_in_{provider}"
