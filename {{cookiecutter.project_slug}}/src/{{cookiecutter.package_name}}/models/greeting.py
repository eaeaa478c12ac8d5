"""The example resource: a greeting composed for a name."""

from __future__ import annotations

from typing import Literal

from lambda_service_runtime.patterns import NOT_BLANK
from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "fr", "es", "de"]


class GreetingRequest(BaseModel):
    """Body of ``POST /greetings``. Unknown fields are refused so typos surface as errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # At least one visible character: NOT_BLANK means the same to the gateway and to pydantic.
    name: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK, examples=["Ada"])
    language: Language = "en"


class GreetingPath(BaseModel):
    """Path of ``GET /greetings/{language}``."""

    model_config = ConfigDict(frozen=True)

    language: Language = Field(examples=["fr"])


class GreetingQuery(BaseModel):
    """Query string of ``GET /greetings/{language}``; other parameters are ignored, as the gateway does."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK, examples=["Ada"])


class Greeting(BaseModel):
    """A greeting, as the API answers it."""

    model_config = ConfigDict(frozen=True)

    message: str
    language: Language
