"""CloudWatch metric math, the part alarms on scalars use: numbers, metric ids, + - * /, comparisons, IF().

``evaluate("IF(requests > 0, errors / requests, 0)", {"requests": 10, "errors": 1})`` is 0.1. A metric
without a datapoint is ``None``, and so is any arithmetic on it (CloudWatch has no datapoint then);
``IF`` evaluates only the branch its condition picks; a division by zero has no datapoint either.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Value = float | None

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|[-+*/(),<>]))")
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


class MetricMathError(ValueError):
    """An expression this evaluator does not read (it covers what the kit's alarms synthesize)."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name" or "symbol"
    text: str


def evaluate(expression: str, values: Mapping[str, Value]) -> Value:
    parser = _Parser(_tokens(expression), values)
    result = parser.comparison()
    if parser.peek() is not None:
        raise MetricMathError(f"unexpected {parser.peek().text!r} in {expression!r}")  # type: ignore[union-attr]
    return result


def _tokens(expression: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        found = TOKEN.match(expression, position)
        if found is None:
            raise MetricMathError(f"cannot read {expression[position:]!r}")
        number, name, symbol = found.groups()
        kind, text = ("number", number) if number else ("name", name) if name else ("symbol", symbol)
        tokens.append(_Token(kind, text))
        position = found.end()
    return tokens


class _Parser:
    """Recursive descent: comparison > sum > product > unary > atom; values computed while parsing."""

    def __init__(self, tokens: list[_Token], values: Mapping[str, Value]) -> None:
        self._tokens = tokens
        self._position = 0
        self._values = values

    def peek(self) -> _Token | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _next(self) -> _Token:
        token = self.peek()
        if token is None:
            raise MetricMathError("the expression ends too soon")
        self._position += 1
        return token

    def _expect(self, symbol: str) -> None:
        token = self._next()
        if token.text != symbol:
            raise MetricMathError(f"expected {symbol!r}, found {token.text!r}")

    def comparison(self) -> Value:
        left = self._sum()
        token = self.peek()
        if token is not None and token.text in COMPARISONS:
            self._next()
            right = self._sum()
            if left is None or right is None:
                return None
            return 1.0 if COMPARISONS[token.text](left, right) else 0.0
        return left

    def _sum(self) -> Value:
        value = self._product()
        while (token := self.peek()) is not None and token.text in "+-" and token.kind == "symbol":
            self._next()
            right = self._product()
            value = None if value is None or right is None else value + right if token.text == "+" else value - right
        return value

    def _product(self) -> Value:
        value = self._unary()
        while (token := self.peek()) is not None and token.text in ("*", "/"):
            self._next()
            right = self._unary()
            if value is None or right is None or (token.text == "/" and right == 0):
                value = None
            else:
                value = value * right if token.text == "*" else value / right
        return value

    def _unary(self) -> Value:
        token = self.peek()
        if token is not None and token.text == "-":
            self._next()
            value = self._unary()
            return None if value is None else -value
        return self._atom()

    def _atom(self) -> Value:
        token = self._next()
        if token.kind == "number":
            return float(token.text)
        if token.text == "(":
            value = self.comparison()
            self._expect(")")
            return value
        if token.kind == "name" and token.text.upper() == "IF":
            return self._if()
        if token.kind == "name":
            if token.text not in self._values:
                raise MetricMathError(f"unknown metric id {token.text!r}")
            value = self._values[token.text]
            return None if value is None else float(value)
        raise MetricMathError(f"unexpected {token.text!r}")

    def _if(self) -> Value:
        """``IF(condition, then, else)``: both branches are parsed, only the chosen one counts."""
        self._expect("(")
        condition = self.comparison()
        self._expect(",")
        when_true = self.comparison()
        self._expect(",")
        when_false = self.comparison()
        self._expect(")")
        if condition is None:
            return None
        return when_true if condition != 0 else when_false
