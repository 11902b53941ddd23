import pytest

from ingest.pages import needs_ocr
from ingest.pdf import clean_text

HEADER = ("From: Jane Roe <jane.roe@example.com>\nSent: Tuesday, November 13, 2018 3:45 PM\n"
          "To: (b)(6)\nSubject: RE: AI services requirements\n\nThanks, see you Tuesday.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER, False),
        ("Page 3 of 7   DEA-MSFT-000123", True),  # only furniture: a scanned page's stamp layer
        ("", True),
        ("\ue000\ue001\ue002\ue003 " * 30, True),  # private-use glyphs: broken font encoding
        ("%$#@!*&^" * 20, True),
        ("0123 4567 8901 2345 " * 10, True),  # digits, no words
        ("Résumé für Zoë: señor Müller écrit à l'agence fédérale au sujet du contrat.", False),
    ],
)
def test_needs_ocr(text, expected):
    assert needs_ocr(text) is expected


def test_clean_text_drops_control_and_bidi_characters():
    assert clean_text("a\x00b\u202ec\r\nd\u200b") == "abc\nd"
