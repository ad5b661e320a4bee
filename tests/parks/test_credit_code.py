import pytest
from django.core.exceptions import ValidationError

from parks.validators import credit_code_check_character, validate_credit_code

pytestmark = pytest.mark.smoke

# Published codes of real companies (their check characters are right).
VALID = ["914403001922038216", "9144030071526726XG", "91330100799655058B"]


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_valid_codes(code):
    validate_credit_code(code)


def test_it_computes_the_check_character():
    assert credit_code_check_character("91440300192203821") == "6"
    assert credit_code_check_character("9144030071526726X") == "G"


@pytest.mark.parametrize(
    ("code", "error_code", "fragment"),
    [
        ("914403001922038217", "credit_code_check", "should end in 6, not 7"),
        ("91440300192203821", "credit_code_length", "has 17"),
        ("91440300192203821I", "credit_code_charset", "I"),
        ("Z14403001922038216", "credit_code_charset", "Z"),
        ("B14403001922038216", "credit_code_authority", "B"),
        ("9144X3001922038216", "credit_code_division", "6-digit"),
    ],
)
def test_it_rejects_invalid_codes_with_a_reason(code, error_code, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == error_code
    assert fragment in caught.value.messages[0]
