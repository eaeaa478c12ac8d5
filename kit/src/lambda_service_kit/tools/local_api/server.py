"""The HTTP side: werkzeug's threaded server on 127.0.0.1, doing what API Gateway does with each request."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from lambda_service_kit.tools.local_api.events import (
    IncomingRequest,
    MalformedResponseError,
    bad_gateway,
    gateway_response,
    http_response,
    proxy_event,
)
from lambda_service_kit.tools.local_api.faults import FaultInjector
from lambda_service_kit.tools.local_api.function_process import FunctionProcess
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.request_validation import check
from lambda_service_kit.tools.local_api.template import LocalApi
from lambda_service_kit.tools.local_api.throttling import THROTTLED_MESSAGE, TokenBucket, throttled_response

HOST = "127.0.0.1"
RAW_HEADERS = "local_api.raw_headers"
# Where the API's OpenAPI document is served, beside the routes (unless a route of that path exists).
DOCUMENT_PATH = "/openapi.json"


class _RequestHandler(WSGIRequestHandler):
    """Keeps repeated headers apart (WSGI joins them) and leaves access logging to LogSink."""

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        environ[RAW_HEADERS] = list(self.headers.items())
        return environ

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class LocalApiServer:
    def __init__(
        self,
        api: LocalApi,
        *,
        asset: Path,
        region: str,
        logs: LogSink,
        port: int = 0,
        throttle: TokenBucket | None = None,
        faults: FaultInjector | None = None,
        document: Mapping[str, Any] | None = None,
    ) -> None:
        self.api = api
        self.logs = logs
        self.throttle = throttle  # the stage's rate and burst limits; None serves without limits
        self.faults = faults or FaultInjector()  # chaos around the function, never inside it
        self.document = document  # the OpenAPI document, served at /openapi.json
        self.functions = {
            logical_id: FunctionProcess(spec, asset=asset, region=region, log_line=logs.function)
            for logical_id, spec in api.functions.items()
        }
        self._server: BaseWSGIServer = make_server(
            HOST, port, self._wsgi_app, threaded=True, request_handler=_RequestHandler
        )
        self._thread: threading.Thread | None = None
        self._serving = False

    @property
    def url(self) -> str:
        """The stage's base URL, shaped like the deployed ``ApiUrl`` output."""
        return f"http://{HOST}:{self._server.server_port}/{self.api.stage}/"

    def serve_forever(self) -> None:
        self._warm_up()
        self._serving = True
        self._server.serve_forever()

    def start(self) -> None:
        """Serve from a background thread (tests)."""
        self._warm_up()
        self._serving = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._serving:
            self._server.shutdown()
            self._serving = False
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        for function in self.functions.values():
            function.stop()

    def _warm_up(self) -> None:
        for function in self.functions.values():
            if not function.start():
                self.logs.server(f"{function.spec.name} failed to initialize; requests will retry", level="ERROR")

    def _wsgi_app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        response = self._respond(request, request_id)
        self.logs.access(
            method=request.method,
            path=request.path,
            status=response.status_code,
            duration_ms=(time.perf_counter() - started) * 1000,
            request_id=request_id,
        )
        return response(environ, start_response)

    def _respond(self, request: Request, request_id: str) -> Response:
        if self.throttle is not None and not self.throttle.take():
            return gateway_response(throttled_response(self.api), message=THROTTLED_MESSAGE, request_id=request_id)
        stage_prefix = f"/{self.api.stage}"
        path = request.path.removeprefix(stage_prefix) if request.path.startswith(stage_prefix + "/") else None
        found = self.api.find_route(request.method, path) if path else None
        if found is None and self.document is not None and request.method == "GET" and path == DOCUMENT_PATH:
            return self._document(request_id)
        if found is None or path is None:
            return gateway_response(
                self.api.unknown_route_response(), message="Missing Authentication Token", request_id=request_id
            )
        route, path_parameters = found
        refusal = check(route.validation, request, path_parameters=path_parameters, body=request.get_data())
        if refusal is not None:
            return gateway_response(
                self.api.gateway_response(refusal.response_type), message=refusal.message, request_id=request_id
            )
        incoming = IncomingRequest(
            request=request,
            raw_headers=request.environ.get(RAW_HEADERS, request.headers.items()),
            path=path,
            stage=self.api.stage,
            route=route,
            path_parameters=path_parameters,
            request_id=request_id,
            stage_variables=self.api.stage_variables,
            binary_media_types=self.api.binary_media_types,
        )
        return self._invoke(incoming)

    def _invoke(self, incoming: IncomingRequest) -> Response:
        """The route's function called with the proxy event, through the fault injector; a failure is a 502."""
        request, request_id = incoming.request, incoming.request_id
        function = self.functions[incoming.route.function]
        event = proxy_event(incoming)
        invocation = self.faults.invoke(lambda: function.invoke(event))
        if invocation.failure is not None:
            self.logs.server(f"502 for {request.method} {request.path}: {invocation.failure}", level="ERROR")
            return bad_gateway(request_id)
        try:
            return http_response(invocation.result, request_id=request_id)
        except MalformedResponseError as error:
            self.logs.server(
                f"502 for {request.method} {request.path}: malformed proxy response: {error}", level="ERROR"
            )
            return bad_gateway(request_id)

    def _document(self, request_id: str) -> Response:
        """The OpenAPI document, its server this one, so a client or a browser can call the routes from it."""
        served = {**self.document, "servers": [{"url": self.url.rstrip("/")}]} if self.document else {}
        response = Response(json.dumps(served), status=200, content_type="application/json")
        response.headers["x-amzn-RequestId"] = request_id
        return response
