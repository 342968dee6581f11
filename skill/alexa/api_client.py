"""The SDK's API client, with the timeouts and TLS settings its default lacks.

``DefaultApiClient`` calls ``requests`` with no timeout, so a slow Alexa API could hold a reply
past Alexa's 8 s limit. This subclass keeps its behaviour (HTTPS only, JSON bodies, the SDK's
response type) and adds a connect/read timeout and an optional CA bundle (for a local test API).
"""

from __future__ import annotations

import json

import requests
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest, ApiClientResponse


class TimeoutApiClient(DefaultApiClient):
    """``DefaultApiClient`` with a timeout and a choice of trusted CAs.

    Args:
        timeout: seconds for connecting and for reading the answer.
        ca_bundle: a PEM file of trusted CAs (default: certifi's, as requests uses).
    """

    def __init__(self, timeout: float = 3.0, ca_bundle: str | None = None) -> None:
        self._timeout = timeout
        self._verify: str | bool = ca_bundle or True
        self._session = requests.Session()

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        if not str(request.url or "").startswith("https://"):
            raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")
        headers = dict(request.headers or [])
        data = None
        if request.body:
            is_json = "json" in str(headers.get("Content-type", headers.get("Content-Type", "")))
            data = json.dumps(request.body) if is_json else request.body
        try:
            response = self._session.request(
                str(request.method or "GET"),
                str(request.url),
                headers=headers,
                data=data,
                timeout=self._timeout,
                verify=self._verify,
            )
        except requests.RequestException as error:
            raise ApiClientException(f"{type(error).__name__} calling the Alexa API") from None
        return ApiClientResponse(
            headers=list(response.headers.items()),
            status_code=response.status_code,
            body=response.text,
        )
