"""PLOVER-format event records (one JSON object per event, for ``export --format plover``).

Field names follow the PLOVER specification's JSON table (``id``, ``date``, ``source`` and
``recipient`` as lists of actor objects, ``event``, ``mode``, ``context``, ``event_loc``,
``event_text``, ``text``, ``cite_info``, ``coder``) and, for tools that read the flat
NGEC/POLECAT layout, ``event_type``, ``actor``, ``actor_country``, ``actor_sector``,
``recipient_*``, ``location`` and ``sentence``. A person's country and sector are those of
their role on the event's date (Trump is ELI in 2024 and GOV in 2025).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from summitwatch.models import Document, Event
from summitwatch.packs.pack import Pack, PackActor
from summitwatch.stage import Context
from summitwatch.store.database import Store
from summitwatch.store.rows import load_documents, load_events
from summitwatch.timeml import date_precision

# summitwatch modality -> PLOVER context value ("asserted" and "reported" have none)
MODALITY_CONTEXT = {
    "historical": "historical",
    "planned": "future",
    "hypothetical": "hypothetical",
    "negated": "negation",
}
# Schrodt's 4-way grouping of the PLOVER categories
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


def actor_object(actor_id: str, when: str | None, pack: Pack) -> dict[str, Any]:
    """One PLOVER actor object: ISO code (or IGO/NGO...), sector at ``when``, name, Wikidata."""
    actor: PackActor | None = pack.actor(actor_id)
    if actor is None:
        return {"id": actor_id, "actorText": actor_id, "code": None, "sector": None}
    return {
        "id": actor.id,
        "actorText": actor.name,
        "code": actor.country_at(when),
        "sector": actor.sector_at(when),
        "wikidata": actor.wikidata,
    }


def _location(event: Event, pack: Pack) -> dict[str, Any] | None:
    if not event.location:
        return None
    place = next((p for p in pack.places if event.location in (p.id, p.name)), None)
    if place is None:
        return {"id": event.location, "name": event.location, "country": None}
    return {"id": place.id, "name": place.name, "country": place.country}


def _day(value: str | None) -> str | None:
    """PLOVER's ``date`` is YYYY-MM-DD: only a day-precise value fills it."""
    return value[:10] if value and date_precision(value) in ("day", "time") else None


def export_plover(event: Event, document: Document, pack: Pack) -> dict[str, Any]:
    """The PLOVER JSON record of one event, read against ``pack``."""
    sources = [actor_object(a, event.date, pack) for a in event.actors]
    targets = [actor_object(r, event.date, pack) for r in event.recipients]
    location = _location(event, pack)
    context = [MODALITY_CONTEXT[event.modality]] if event.modality in MODALITY_CONTEXT else []
    return {
        "id": event.id,
        "date": _day(event.date),
        "date_value": event.date,  # TimeML value with its own precision (2019, 2019-06)
        "event": [event.type],
        "event_type": event.type,
        "mode": event.mode,
        "context": context,
        "modality": event.modality,
        "quad_code": QUAD.get(event.type),
        "source": sources,
        "recipient": targets,
        "actor": [s["actorText"] for s in sources],
        "actor_id": list(event.actors),
        "actor_country": [s["code"] for s in sources],
        "actor_sector": [s["sector"] for s in sources],
        "recipient_id": list(event.recipients),
        "recipient_name": [t["actorText"] for t in targets],
        "recipient_country": [t["code"] for t in targets],
        "recipient_sector": [t["sector"] for t in targets],
        "event_loc": location,
        "location": location["name"] if location else None,
        "episode": event.episode,
        "event_text": [event.trigger] if event.trigger else [],
        "text": event.sentence,
        "sentence": event.sentence,
        "text_info": {"start": event.start, "end": event.end, "is_story": False},
        "cite_info": {
            "document_id": document.id,
            "source": document.source,
            "title": document.title,
            "publisher": document.publisher,
            "published": document.published.isoformat() if document.published else None,
        },
        "source_document": document.id,
        "language": document.language,
        "coder": f"summitwatch {event.stage}".strip(),
    }


def plover_records(store: Store, context: Context) -> Iterator[dict[str, Any]]:
    """PLOVER records of every stored event, in date order."""
    with store.engine.connect() as connection:
        documents = {d.id: d for d in load_documents(connection)}
        events = load_events(connection)
    pack = context.pack
    for event in events:
        document = documents.get(event.document_id)
        if document is not None:
            yield export_plover(event, document, pack)
