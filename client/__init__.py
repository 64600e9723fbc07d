"""ModelArts HTTP client: dataset and import-task endpoints, three ways to sign in, actionable errors."""

from .auth import AkSkAuth, Auth, AuthScope, IamUserAuth, OutgoingRequest, TokenAuth
from .client import ModelArtsClient
from .config import ENV_VARS, client_from_env, client_from_mapping, is_configured
from .endpoints import MODELARTS_ENDPOINTS, endpoint_for_region, iam_endpoint_for, normalize_endpoint
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ConnectionLostError,
    ConnectTimeoutError,
    DnsResolutionError,
    InvalidResponseError,
    ModelArtsError,
    NotFoundError,
    PermissionDeniedError,
    ReadTimeoutError,
    RefusedConnectionError,
    ServerError,
    ThrottledError,
    TlsHandshakeError,
    TransportError,
)
from .signer import expected_authorization, sign, signature_problem, verify_signature
from .transport import Timeout

__all__ = [
    "ENV_VARS",
    "MODELARTS_ENDPOINTS",
    "AkSkAuth",
    "ApiError",
    "Auth",
    "AuthScope",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ConnectTimeoutError",
    "ConnectionLostError",
    "DnsResolutionError",
    "IamUserAuth",
    "InvalidResponseError",
    "ModelArtsClient",
    "ModelArtsError",
    "NotFoundError",
    "OutgoingRequest",
    "PermissionDeniedError",
    "ReadTimeoutError",
    "RefusedConnectionError",
    "ServerError",
    "ThrottledError",
    "Timeout",
    "TlsHandshakeError",
    "TokenAuth",
    "TransportError",
    "client_from_env",
    "client_from_mapping",
    "endpoint_for_region",
    "expected_authorization",
    "iam_endpoint_for",
    "is_configured",
    "normalize_endpoint",
    "sign",
    "signature_problem",
    "verify_signature",
]
