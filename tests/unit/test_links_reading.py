"""Reading a link token: what a token proves is kept between reads, expiry never is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notifications.links import BadToken, make_token, read_token

SECRET = "a-secret-of-at-least-thirty-two-characters"


def test_a_token_read_again_expires_all_the_same():
    token = make_token(SECRET, dept="TTRA", days=2)
    now = datetime.now(UTC)
    assert read_token(SECRET, token, now=now).dept == "TTRA"
    assert read_token(SECRET, token, now=now + timedelta(days=1)).dept == "TTRA"
    with pytest.raises(BadToken) as refused:
        read_token(SECRET, token, now=now + timedelta(days=3))
    assert refused.value.expired


def test_a_token_read_under_one_secret_is_not_trusted_under_another():
    token = make_token(SECRET, leadership=True)
    assert read_token(SECRET, token).is_leadership
    with pytest.raises(BadToken) as refused:
        read_token(SECRET.upper(), token)
    assert not refused.value.expired


def test_a_tampered_token_stays_refused_however_often_it_is_read():
    token = make_token(SECRET, dept="TTRA")
    assert read_token(SECRET, token).dept == "TTRA"
    payload, stamp, signature = token.split(".")
    tampered = f"{payload}.{stamp}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    for _ in range(2):
        with pytest.raises(BadToken):
            read_token(SECRET, tampered)
