"""Compose greetings."""

from __future__ import annotations

from {{ cookiecutter.package_name }}.models.greeting import Greeting, GreetingRequest

SALUTATIONS = {"en": "Hello", "fr": "Bonjour", "es": "Hola", "de": "Hallo"}


def compose_greeting(request: GreetingRequest) -> Greeting:
    name = " ".join(request.name.split())
    return Greeting(message=f"{SALUTATIONS[request.language]}, {name}!", language=request.language)
