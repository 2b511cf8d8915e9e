import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from crmplus.customers.validators import (
    tax_id_check_digit,
    tax_id_is_valid,
    validate_ca_number,
    validate_phone,
)


def test_it_accepts_a_real_tax_id():
    # PEA's own tax ID.
    assert tax_id_is_valid("0994000165510")


def test_it_rejects_a_tax_id_with_a_wrong_check_digit():
    assert not tax_id_is_valid("0994000165511")
    assert not tax_id_is_valid("099400016551")  # 12 digits


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_it_accepts_every_number_with_its_computed_check_digit(first12):
    assert tax_id_is_valid(first12 + tax_id_check_digit(first12))


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(1, 9))
def test_it_rejects_every_other_check_digit(first12, shift):
    wrong = str((int(tax_id_check_digit(first12)) + shift) % 10)
    assert not tax_id_is_valid(first12 + wrong)


@pytest.mark.parametrize("value", ["020000000001", "999999999999"])
def test_it_accepts_12_digit_ca_numbers(value):
    validate_ca_number(value)


@pytest.mark.parametrize("value", ["12345678901", "1234567890123", "12345678901a", ""])
def test_it_rejects_other_ca_numbers(value):
    with pytest.raises(ValidationError):
        validate_ca_number(value)


@pytest.mark.parametrize("value", ["02-590-5555", "081 234 5678", "+66812345678", "038123456"])
def test_it_accepts_thai_phone_numbers(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12345", "0812", "phone", "+1 212 555 0100"])
def test_it_rejects_other_phone_numbers(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


@pytest.mark.parametrize("value", ["", "12a", "1234567890123", "59 00001"])
def test_it_rejects_bp_numbers_that_are_not_up_to_12_digits(value):
    from crmplus.customers.validators import validate_bp_number

    with pytest.raises(ValidationError):
        validate_bp_number(value)
