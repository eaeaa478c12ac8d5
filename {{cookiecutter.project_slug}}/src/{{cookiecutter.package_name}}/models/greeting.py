"""The example resource: a greeting composed for a name."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "fr", "es", "de"]


class GreetingRequest(BaseModel):
    """Body of ``POST /greetings``. Unknown fields are refused so typos surface as errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    language: Language = "en"


class Greeting(BaseModel):
    """Body of the ``201 Created`` response."""

    model_config = ConfigDict(frozen=True)

    message: str
    language: Language
