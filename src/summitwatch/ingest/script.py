"""A language guess from the writing system: enough to tell Korean notes from English ones.

Latin-script text is taken as English (the corpus's working language); other scripts map to
the language that dominantly uses them. A statistical identifier would be overkill here.
"""

from __future__ import annotations

import re

# a character class per script worth telling apart, with the language it implies
SCRIPTS = {
    "ko": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),  # Hangul
    "ja": re.compile(r"[\u3040-\u30ff]"),  # Hiragana and Katakana
    "zh": re.compile(r"[\u4e00-\u9fff]"),  # CJK ideographs (Japanese and Korean use them too)
    "ru": re.compile(r"[\u0400-\u04ff]"),  # Cyrillic
    "ar": re.compile(r"[\u0600-\u06ff]"),  # Arabic
}
_LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 20000


def detect_language(text: str, share: float = 0.3) -> str:
    """'ko', 'ja', 'zh', 'ru' or 'ar' when that script holds ``share`` of the letters; 'en'."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():
        return "en"
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "en"
    counts = {language: len(pattern.findall(sample)) for language, pattern in SCRIPTS.items()}
    # kana decides Japanese even when most characters are ideographs
    if counts["ja"] >= 0.1 * letters:
        return "ja"
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count >= share * letters else "en"


def hangul_share(text: str) -> float:
    letters = len(_LETTER.findall(text))
    return len(SCRIPTS["ko"].findall(text)) / letters if letters else 0.0
