"""Encryption at rest: round trips, tampering, wrong key and wrong use all refused."""

import pytest

from app.services.crypto import CannotDecrypt, Sealer

SECRET = "a-test-secret-key-that-is-long-enough"


def test_a_sealed_value_opens_to_the_same_bytes_and_does_not_contain_them():
    box = Sealer.from_secret(SECRET)
    token = box.seal(b"National Insurance number QQ123456C", context=b"claim-answer")
    assert b"QQ123456C" not in token
    assert box.open(token, context=b"claim-answer") == b"National Insurance number QQ123456C"


def test_the_same_value_sealed_twice_gives_different_ciphertexts():
    box = Sealer.from_secret(SECRET)
    assert box.seal(b"same", context=b"x") != box.seal(b"same", context=b"x")


def test_json_round_trip():
    box = Sealer.from_secret(SECRET)
    value = {"rent": {"amount": "450.00", "period": "month"}, "disabled": True}
    assert box.open_json(box.seal_json(value, context=b"a"), context=b"a") == value


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-1] + bytes([t[-1] ^ 1]),  # a changed byte
        lambda t: t[:20],  # cut short
        lambda t: b"\x02" + t[1:],  # an unknown format
    ],
)
def test_a_changed_value_is_refused(spoil):
    box = Sealer.from_secret(SECRET)
    token = box.seal(b"secret", context=b"a")
    with pytest.raises(CannotDecrypt):
        box.open(spoil(token), context=b"a")


def test_another_key_or_another_use_cannot_open_it():
    token = Sealer.from_secret(SECRET).seal(b"secret", context=b"claim-answer")
    with pytest.raises(CannotDecrypt):
        Sealer.from_secret(SECRET + "x").open(token, context=b"claim-answer")
    with pytest.raises(CannotDecrypt):
        Sealer.from_secret(SECRET).open(token, context=b"evidence-file")


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError):
        Sealer.from_secret("short")
