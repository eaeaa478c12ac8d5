from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.logic.greetings import compose_greeting
from {{ cookiecutter.package_name }}.models.greeting import GreetingRequest


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Hello, Ada!"), ("fr", "Bonjour, Ada!"), ("es", "Hola, Ada!"), ("de", "Hallo, Ada!")],
)
def test_greets_in_the_requested_language(language: str, expected: str) -> None:
    greeting = compose_greeting(GreetingRequest(name="Ada", language=language))  # type: ignore[arg-type]

    assert greeting.message == expected
    assert greeting.language == language


def test_collapses_whitespace_in_names() -> None:
    assert compose_greeting(GreetingRequest(name="  Ada \t Lovelace ")).message == "Hello, Ada Lovelace!"
