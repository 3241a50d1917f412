"""One small ingested store for the desk's tests: two example articles and a hostile one.

The hostile article carries, in its title, body and quotes, the strings an attacker would
plant in a page: a script element, an attribute break-out with an ``onerror`` handler, a
``javascript:`` link and a ``</style>`` break-out. Every page must show them as text.
"""

from __future__ import annotations

from pathlib import Path

from summitwatch.present.commands.store import run_ingest
from summitwatch.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"
EXAMPLE_FILES = ("2019-03-01_lim_hanoi-walkout.txt", "2025-10-20_whitcombe_no-border-meeting.txt")
SCRIPT = "<script>window.pwned = 1; fetch('http://203.0.113.9/x')</script>"
BREAKOUT = '"><img src=x onerror="window.pwned=2">'
JS_LINK = "javascript:window.pwned=3"
STYLE_BREAK = "</style><style>body{display:none}</style>"
HOSTILE_TITLE = f"Envoys Meet {SCRIPT} in Panmunjom"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

By Mallory Attacker, Hostile Review
March 3, 2019

Kim Jong Un met Donald Trump in Hanoi on February 28, 2019, and the talks ended early {BREAKOUT}.

"We will not give up our weapons {SCRIPT}," Kim Jong Un said after the meeting.

Analysts said a third summit is unlikely before the end of 2019.
Read more at {JS_LINK} and [here]({JS_LINK}).

The envoy wrote {STYLE_BREAK} in a note that Pyongyang may resume missile tests.
"""


def build_desk_store(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    url = f"sqlite:///{folder / 'desk.db'}"
    inputs = [str(EXAMPLES / name) for name in EXAMPLE_FILES] + [str(hostile)]
    report = run_ingest(inputs, Settings(db_url=url))
    assert report.ok, report.summary()
    return url
