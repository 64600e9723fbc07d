"""ModelArts-style error answers: `{"error_code": ..., "error_msg": ...}` with the service's HTTP status."""

from typing import Any


class ApiError(Exception):
    """An answer the sandbox gives instead of a result, the way ModelArts would (reference §3)."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error_code": self.code, "error_msg": self.message, **self.extra}


def invalid_argument(message: str, **extra: Any) -> ApiError:
    return ApiError(400, "ModelArts.0101", message, **extra)


def parameter_error(message: str, **extra: Any) -> ApiError:
    return ApiError(400, "ModelArts.0104", message, **extra)


def dataset_not_found(dataset_id: str) -> ApiError:
    return ApiError(404, "ModelArts.4352", f"Dataset {dataset_id} does not exist.")


def task_not_found(dataset_id: str, task_id: str) -> ApiError:
    return ApiError(404, "ModelArts.0102", f"Import task {task_id} does not exist in dataset {dataset_id}.")


def import_running(dataset_id: str, task_id: str) -> ApiError:
    return ApiError(
        400,
        "ModelArts.4356",
        f"Dataset {dataset_id} already has a running import task ({task_id}). "
        "Wait until it is COMPLETED or FAILED, then create the import again.",
    )


def no_token() -> ApiError:
    return ApiError(
        401,
        "ModelArts.0201",
        "The request has no X-Auth-Token and no Authorization header. Send a token (any token is "
        "accepted by the sandbox) or sign the request with AK/SK.",
    )


def bad_signature(reason: str) -> ApiError:
    return ApiError(401, "ModelArts.0203", f"AK/SK authentication failed: {reason}")


def no_such_api(method: str, path: str) -> ApiError:
    return ApiError(404, "APIGW.0101", f"The API does not exist or has not been published: {method} {path}")
