"""Hostile input, twelfth sweep: what the eleventh noticed and left, then a fresh sweep over every entry
point. Each test failed before its fix; each hostile form is refused or named (field, record and line),
the CLI exits 2 with one line, the service answers problem+json."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

runner = CliRunner()


# == 1. a bool is no amount of a time limit ===============================================================


@pytest.mark.parametrize("value", [True, False])
def test_a_time_limit_refuses_a_boolean_amount(value: bool) -> None:
    """``TimeLimit(amount=True, unit="working_day")`` was 1个工作日 (pydantic's lax int reads True as 1,
    False as 0): a yes/no is no count of days. A whole number, and its text, still read."""
    from pydantic import ValidationError

    from govhall.timelimits import TimeLimit

    with pytest.raises(ValidationError, match=r"an amount is a whole number, not a boolean"):
        TimeLimit(amount=value, unit="working_day")
    assert TimeLimit(amount=1, unit="working_day").amount == 1
    assert TimeLimit.model_validate({"amount": "3", "unit": "calendar_day"}).amount == 3
