"""`aigov fund`: open the fund, set its target, import rates (dry run first), trial balance."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aigov.fund.models import ExchangeRate, Fund


def _run(*args: str) -> str:
    out = StringIO()
    call_command("fund", *args, stdout=out)
    return out.getvalue()


def test_the_command_sets_up_the_fund_and_imports_rates(db, tmp_path):
    assert "with 9 accounts" in _run("open", "--slug", "gf", "--name", "Global fund for AI")
    assert Fund.objects.get().is_default
    _run("target", "--amount", "350000000", "--source", "HLAB Box 8, lower bound")
    assert Fund.objects.get().target_source == "HLAB Box 8, lower bound"
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,date,units_per_usd,source\nEUR,2026-03-01,0.925,Test\n")
    assert (
        _run("rates", str(rates), "--dry-run") == "would have created 1, updated 0, unchanged 0\n"
    )
    assert not ExchangeRate.objects.exists()
    assert _run("rates", str(rates)) == "created 1, updated 0, unchanged 0\n"
    assert _run("rates", str(rates)) == "created 0, updated 0, unchanged 1\n"
    rates.write_text("currency,date,units_per_usd,source\nEUR,2026-03-01,abc,Test\n")
    with pytest.raises(CommandError, match="row 2, units_per_usd"):
        _run("rates", str(rates))
    assert json.loads(_run("trial-balance")) == {"items": [], "totals": {}}
    with pytest.raises(CommandError, match="source"):
        _run("target", "--amount", "1", "--source", " ")
