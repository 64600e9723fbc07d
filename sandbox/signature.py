"""Who may call the sandbox: any token; with an AK/SK pair configured, correctly signed requests only."""

from collections.abc import Mapping

from sandbox.errors import bad_signature, no_token


def check_auth(
    method: str,
    raw_path: bytes,
    query_string: bytes,
    headers: Mapping[str, str],
    body: bytes,
    ak: str | None,
    sk: str | None,
) -> None:
    """Raise the service's 401 answer unless the request carries acceptable credentials.

    Without an AK/SK pair any X-Auth-Token or Authorization is accepted (there is no IAM here). A sandbox
    started with a pair holds the team's keys: it accepts only requests signed with them (`SDK-HMAC-SHA256`),
    since a token, any token, would otherwise open it to whoever reaches its port.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    token = lowered.get("x-auth-token", "").strip()
    authorization = lowered.get("authorization", "").strip()
    if not (ak and sk):
        if not token and not authorization:
            raise no_token()
        return
    from client.signer import ALGORITHM, signature_problem  # with requests: only for a sandbox with AK/SK

    if not authorization:
        raise bad_signature(
            f"this sandbox was started with access keys (--ak/--sk), so it accepts only requests signed with "
            f"them ({ALGORITHM}){'; a token alone is not enough' if token else ''}"
        )
    if not authorization.startswith(ALGORITHM):
        raise bad_signature(f"the Authorization header is not an {ALGORITHM} signature")
    path = raw_path.decode("latin-1")
    query = query_string.decode("latin-1")
    url = f"http://{lowered.get('host', 'localhost')}{path}" + (f"?{query}" if query else "")
    problem = signature_problem(method, url, headers, body, ak, sk)
    if problem:
        raise bad_signature(problem)
