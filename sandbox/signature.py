"""Who may call the sandbox: any token; with an AK/SK pair configured, correctly signed requests too."""

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

    Any X-Auth-Token is accepted (there is no IAM here). An `SDK-HMAC-SHA256` Authorization header is
    verified when the sandbox was started with an AK/SK pair; without one, any Authorization is accepted.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    token = lowered.get("x-auth-token", "").strip()
    authorization = lowered.get("authorization", "").strip()
    if not token and not authorization:
        raise no_token()
    if not authorization or not (ak and sk):
        return
    from client.signer import ALGORITHM, signature_problem  # with requests: only for a sandbox with AK/SK

    if not authorization.startswith(ALGORITHM):
        if token:
            return
        raise bad_signature(f"the Authorization header is not an {ALGORITHM} signature")
    path = raw_path.decode("latin-1")
    query = query_string.decode("latin-1")
    url = f"http://{lowered.get('host', 'localhost')}{path}" + (f"?{query}" if query else "")
    problem = signature_problem(method, url, headers, body, ak, sk)
    if problem:
        raise bad_signature(problem)
