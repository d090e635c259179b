import pytest
from django.core.exceptions import ValidationError

from aigov.taxonomy.currencies import currency_choices, currency_name, validate_currency


def test_iso_4217_codes_are_known_and_others_refused() -> None:
    validate_currency("KES")
    assert currency_name("usd", "en") == "US Dollar"
    for wrong in ("usd", "XYZ", "", "DOLLAR"):
        with pytest.raises(ValidationError) as raised:
            validate_currency(wrong)
        assert raised.value.code == "unknown_currency"
    codes = [code for code, _label in currency_choices()]
    assert codes == sorted(codes) and {"EUR", "CNY", "XOF"} <= set(codes)
