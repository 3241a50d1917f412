"""The parties to an outcome: the actors a forecast names, as the ledger compares them.

A forecast's outcome names actors as the text happens to mention them: "a Trump–Kim meeting
in the U.S.–North Korea talks" names Trump, Kim, the United States and North Korea; a
researcher's own institute may be named beside them. The ledger compares the parties: actors
of an observer sector (``policies``: ``observer_sectors``, e.g. media and research) are left
out, and a state is left out when one of its people stands for it in the same outcome. Only
the ledger's comparison changes; the forecast keeps the actors the text names.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitwatch.packs.pack import Pack


def outcome_parties(pack: Pack, actors: Sequence[str], when: str | None) -> list[str]:
    observers = set(pack.policy(None).observer_sectors)
    kept = []
    for actor_id in actors:
        actor = pack.actor(actor_id)
        if actor is not None and actor.sector_at(when) in observers:
            continue
        if actor_id not in kept:
            kept.append(actor_id)
    represented = set()
    for actor_id in kept:
        actor = pack.actor(actor_id)
        if actor is not None and actor.kind == "person":
            represented.add(actor.country_at(when))
    return [
        a
        for a in kept
        if not ((actor := pack.actor(a)) is not None and actor.kind == "state" and a in represented)
    ]
