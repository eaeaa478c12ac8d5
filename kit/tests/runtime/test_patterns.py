"""NOT_BLANK means the same to every validator: Python's re (the local API), pydantic (Rust's regex)
and ``str.isspace``, which the service's logic uses; spelled out, so Java's (API Gateway) reads it alike."""

from __future__ import annotations

import re
import sys

from pydantic import BaseModel, Field, ValidationError

from lambda_service_runtime.patterns import NOT_BLANK


class Named(BaseModel):
    name: str = Field(pattern=NOT_BLANK)


def accepted_by_pydantic(text: str) -> bool:
    try:
        Named(name=text)
    except ValidationError:
        return False
    return True


def test_every_code_point_is_blank_to_the_pattern_exactly_when_python_says_it_is_whitespace() -> None:
    pattern = re.compile(NOT_BLANK)
    disagreements = [
        code
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and bool(pattern.search(chr(code))) == chr(code).isspace()
    ]

    assert disagreements == []


def test_pydantic_reads_the_pattern_as_python_does() -> None:
    whitespace = [chr(code) for code in range(0x3001) if chr(code).isspace()]

    assert [character for character in whitespace if accepted_by_pydantic(character * 3)] == []
    assert all(accepted_by_pydantic(f"{character}Ada{character}") for character in whitespace)
    assert accepted_by_pydantic("\u00e9")
    assert accepted_by_pydantic("\U0001f600")


def test_the_pattern_uses_no_shorthand_class_the_engines_read_differently() -> None:
    assert not re.search(r"\\[sSdDwWbB]", NOT_BLANK)
