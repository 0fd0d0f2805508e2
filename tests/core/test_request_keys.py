"""The request-key length rule the server and the session share."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.request_keys import check_request_key, request_key_length_ok


def test_keys_of_8_to_100_characters_pass_and_others_do_not() -> None:
    assert [request_key_length_ok("k" * n) for n in (7, 8, 100, 101)] == [False, True, True, False]
    assert check_request_key("k" * 8) == "k" * 8


@pytest.mark.parametrize("key", ["k" * 7, "k" * 101, None, 12345678])
def test_a_wrong_key_is_refused(key: object) -> None:
    with pytest.raises(InvalidInput, match="8 to 100"):
        check_request_key(key)
