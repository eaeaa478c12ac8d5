"""``Routes``: one declaration per route routes, validates and answers; ``discover`` finds every module's."""

from __future__ import annotations

import json
import sys
import types
from http import HTTPStatus
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from lambda_service_kit.testing.events import FakeLambdaContext, rest_event
from lambda_service_runtime.api import rest_api
from lambda_service_runtime.contract import Routes, discover, operations


class Shelf(BaseModel):
    shelf: Literal["a", "b"]


class Page(BaseModel):
    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=10, ge=1, le=50)


class NewBook(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(min_length=1)


class Book(BaseModel):
    title: str
    shelf: str


routes = Routes()


@routes.get("/shelves/{shelf}/books", path_parameters=Shelf, query=Page, response=Book)
def list_books(path: Shelf, query: Page) -> Book:
    """List the books of a shelf."""
    return Book(title=f"{query.limit} books", shelf=path.shelf)


@routes.post("/books", body=NewBook, response=Book, status=HTTPStatus.CREATED)
def add_book(body: NewBook) -> Book:
    return Book(title=body.title, shelf="a")


@routes.get("/ping", public=True)
def ping() -> dict[str, str]:
    return {"pong": "yes"}


app = rest_api(routes)


def call(method: str, path: str, **event: Any) -> tuple[int, dict[str, Any]]:
    response = app.resolve(rest_event(method, path, **event), FakeLambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_the_endpoint_gets_its_path_and_query_as_validated_models() -> None:
    assert call("GET", "/shelves/b/books", query={"limit": ["5"], "other": ["x"]}) == (
        200,
        {"title": "5 books", "shelf": "b"},
    )


def test_a_declared_status_answers_a_returned_model() -> None:
    status, body = call("POST", "/books", body='{"title": "Dune"}', headers={"Content-Type": "application/json"})

    assert (status, body) == (201, {"title": "Dune", "shelf": "a"})


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [("/shelves/c/books", None, "path.shelf"), ("/shelves/a/books", {"limit": ["500"]}, "query.limit")],
)
def test_a_parameter_off_its_model_is_a_422_naming_it(
    path: str, query: dict[str, list[str]] | None, field: str
) -> None:
    status, body = call("GET", path, query=query)

    assert status == 422
    assert [error["field"] for error in body["errors"]] == [field]


def test_a_body_off_its_model_is_a_422_naming_the_field() -> None:
    status, body = call("POST", "/books", body='{"title": ""}', headers={"Content-Type": "application/json"})

    assert status == 422
    assert [error["field"] for error in body["errors"]] == ["title"]


def test_each_declaration_is_an_operation_with_its_models() -> None:
    listed, added, pinged = routes.operations

    assert (listed.method, listed.path, listed.path_model, listed.query_model) == (
        "GET",
        "/shelves/{shelf}/books",
        Shelf,
        Page,
    )
    assert (listed.operation_id, listed.summary, listed.public) == ("list_books", "List the books of a shelf.", False)
    assert (added.body_model, added.response_model, added.status) == (NewBook, Book, HTTPStatus.CREATED)
    assert pinged.public
    assert pinged.summary == "Ping"


def test_discover_finds_the_routes_of_every_module_of_a_package(monkeypatch: pytest.MonkeyPatch) -> None:
    package = types.ModuleType("fake_routes")
    package.__path__ = []
    modules = {"fake_routes": package, "fake_routes.books": types.ModuleType("fake_routes.books")}
    modules["fake_routes.books"].routes = routes  # type: ignore[attr-defined]
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr("pkgutil.iter_modules", lambda _: [types.SimpleNamespace(name="books")])

    assert discover(package) == (routes,)
    assert operations(package) == tuple(routes.operations)
