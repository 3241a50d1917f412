"""The parties to an outcome: the actors a forecast names, as the ledger compares them.

A forecast's outcome names actors as the text happens to mention them: "a Trump–Kim meeting
in the U.S.–North Korea talks" names Trump, Kim, the United States and North Korea; a
researcher's own institute may be named beside them; "a meeting at APEC" names the forum. The
ledger compares the parties:

- actors of an observer sector (``policies``: ``observer_sectors``, e.g. media and research)
  are left out: they comment on outcomes, they do not take part;
- a state is left out when one of its people stands for it in the same outcome;
- for outcomes that take several parties (a meeting, a joint agreement), actors of a venue
  sector (``venue_sectors``, e.g. intergovernmental forums) named beside two other parties are
  where the parties meet, not a side;
- when such an outcome names one side only and the forecast's holder is a pack actor of
  another state who is no observer ("a good feeling about another meeting", said by Trump of
  Kim), the holder is the other side: people forecast their own diplomacy.

Only the ledger's comparison changes; the forecast keeps the actors the text names.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitwatch.models import Forecast
from summitwatch.packs.pack import Pack, PackActor

SEVERAL_PARTY_ROLES = ("participants", "joint")


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


def forecast_parties(pack: Pack, forecast: Forecast) -> list[str]:
    """The parties of ``forecast``'s outcome, as the ledger links and proposes by them."""
    when = forecast.made_on
    parties = outcome_parties(pack, forecast.outcome_actors, when)
    outcome = pack.outcome(forecast.outcome_class)
    if outcome is None or outcome.role not in SEVERAL_PARTY_ROLES:
        return parties
    venues = set(pack.policy(None).venue_sectors)
    sides = [a for a in parties if not _in_sectors(pack.actor(a), venues, when)]
    if len(sides) >= 2:
        return sides
    if len(parties) == 1 and (holder := _holder_side(pack, forecast, parties[0])):
        return [*parties, holder]
    return parties


def _holder_side(pack: Pack, forecast: Forecast, named: str) -> str | None:
    """The holder as the other side of a one-sided meeting or deal it forecasts."""
    when = forecast.made_on
    holder = pack.actor(forecast.holder_actor or "")
    other = pack.actor(named)
    if holder is None or other is None or holder.id == named:
        return None
    if _in_sectors(holder, set(pack.policy(None).observer_sectors), when):
        return None
    home = holder.country_at(when) if holder.kind == "person" else holder.id
    their = other.country_at(when) if other.kind == "person" else other.id
    if home is None or their is None or home == their:
        return None
    return holder.id


def _in_sectors(actor: PackActor | None, sectors: set[str], when: str | None) -> bool:
    return actor is not None and actor.sector_at(when) in sectors
