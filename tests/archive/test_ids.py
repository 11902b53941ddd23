from hypothesis import given
from hypothesis import strategies as st

from archive import ids

SHA = "a" * 64


def test_email_id_is_stable_and_short():
    first = ids.email_id(SHA, 3, 0)
    assert first == ids.email_id(SHA, 3, 0)
    assert ids.is_email_id(first)
    assert len(first) == ids.ID_LENGTH


@given(st.integers(1, 5000), st.integers(0, 20), st.integers(1, 5000), st.integers(0, 20))
def test_email_id_differs_by_position(page_a, ordinal_a, page_b, ordinal_b):
    same = (page_a, ordinal_a) == (page_b, ordinal_b)
    assert (ids.email_id(SHA, page_a, ordinal_a) == ids.email_id(SHA, page_b, ordinal_b)) == same


def test_document_id_from_sha():
    doc = ids.document_id("0f" * 32)
    assert ids.is_document_id(doc)
    assert doc != ids.document_id("f0" * 32)


def test_validators_reject_hostile_values():
    for value in ["../etc/passwd", "A" * 10, "", "abcdefghi1", "x" * 64]:
        assert not ids.is_email_id(value)
        assert not ids.is_sha256(value)
