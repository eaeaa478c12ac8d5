"""One router per resource; ``handlers.api`` includes them all."""
