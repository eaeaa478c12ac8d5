"""`service-kit openapi-diff`: a breaking change from one document to the next fails; an additive one passes."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lambda_service_kit.tools.openapi_diff import breaking_changes

Document = dict[str, Any]


def changed(document: Document, change: Callable[[Document], None]) -> Document:
    new = copy.deepcopy(document)
    change(new)
    return new


def body(document: Document) -> Document:
    schema: Document = document["components"]["schemas"]["GreetingRequest"]
    return schema


def read_parameters(document: Document) -> list[Document]:
    parameters: list[Document] = document["paths"]["/greetings/{language}"]["get"]["parameters"]
    return parameters


def test_the_same_document_breaks_nothing(example_document: Document) -> None:
    assert breaking_changes(example_document, example_document) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["paths"].pop("/health"), "GET /health: removed"),
        (lambda d: body(d)["required"].append("language"), "field 'language' is now required"),
        (lambda d: body(d)["properties"]["language"]["enum"].remove("de"), "no longer accepts ['de']"),
        (lambda d: body(d)["properties"]["name"].update(maxLength=50), "maxLength lowered to 50"),
        (lambda d: body(d)["properties"]["name"].update(type="integer"), "type narrowed"),
        (lambda d: body(d)["properties"]["name"].update(pattern="^[a-z]+$"), "pattern is now"),
        (
            lambda d: read_parameters(d).append({"in": "query", "name": "tone", "required": True, "schema": {}}),
            "new required query parameter 'tone'",
        ),
        (lambda d: d["paths"]["/health"]["get"].pop("security"), "needs authorization where it was public"),
        (
            lambda d: d["components"]["schemas"]["Greeting"]["required"].remove("message"),
            "the 201 answer: field 'message' is no longer always there",
        ),
        (lambda d: d["paths"]["/greetings"]["post"]["responses"].pop("201"), "no longer answers 201"),
    ],
    ids=[
        "removed-operation",
        "new-required-field",
        "enum-value-removed",
        "bound-tightened",
        "type-narrowed",
        "pattern-added",
        "new-required-parameter",
        "public-route-protected",
        "answer-field-dropped",
        "success-status-removed",
    ],
)
def test_a_breaking_change_is_reported(
    example_document: Document, change: Callable[[Document], None], expected: str
) -> None:
    changes = breaking_changes(example_document, changed(example_document, change))

    assert any(expected in found for found in changes), changes


def test_additions_break_nothing(example_document: Document) -> None:
    def add(document: Document) -> None:
        document["paths"]["/farewells"] = {"get": copy.deepcopy(document["paths"]["/health"]["get"])}
        body(document)["properties"]["tone"] = {"type": "string"}
        body(document)["properties"]["language"]["enum"].append("it")
        body(document)["properties"]["name"]["maxLength"] = 200
        read_parameters(document).append({"in": "query", "name": "tone", "required": False, "schema": {}})
        document["components"]["schemas"]["Greeting"]["properties"]["tone"] = {"type": "string"}

    assert breaking_changes(example_document, changed(example_document, add)) == []


def test_the_command_exits_1_on_a_breaking_change_and_0_on_an_additive_one(
    example_document: Document, tmp_path: Path
) -> None:
    base, breaking, additive = (tmp_path / f"{name}.json" for name in ("base", "breaking", "additive"))
    base.write_text(json.dumps(example_document))
    breaking.write_text(json.dumps(changed(example_document, lambda d: d["paths"].pop("/greetings"))))
    additive.write_text(
        json.dumps(changed(example_document, lambda d: body(d)["properties"].update(tone={"type": "string"})))
    )

    def diff(new: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "lambda_service_kit.cli", "openapi-diff", str(base), str(new)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    failed, passed = diff(breaking), diff(additive)
    assert (failed.returncode, passed.returncode) == (1, 0)
    assert "breaking: POST /greetings: removed" in failed.stderr
