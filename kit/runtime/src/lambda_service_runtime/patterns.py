"""Regular expressions that mean the same to every validator a request meets.

A model's ``pattern`` is checked by API Gateway (Java), the local API (Python's ``re``) and pydantic
(Rust's ``regex``): shorthand classes such as ``\\S`` differ between them (``"\\u0085"`` is whitespace
to Rust and Python, not to Java). The patterns here spell every character out.
"""

from __future__ import annotations

# The characters ``str.isspace()`` and ``str.split()`` treat as whitespace.
WHITESPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A string with at least one character that is not whitespace.
NOT_BLANK = f"[^{WHITESPACE}]"
