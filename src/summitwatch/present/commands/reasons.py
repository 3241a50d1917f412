"""``summitwatch reasons``: the explanations the store holds, by factor; ``--unmapped`` lists
those that fit no factor of the pack (factor ``other``), so a pack author can add one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from summitwatch.present.options import DbOption, PackOption, make_console, pack_and_store

if TYPE_CHECKING:
    from summitwatch.models import Reason

STATEMENT_WIDTH = 100


def reasons_table(reasons: list[Reason], titles: dict[str, str], unmapped: bool) -> Table:
    table = Table(title="Explanations that fit no factor" if unmapped else "Reasons by factor")
    table.add_column("factor")
    table.add_column("cue")
    table.add_column("explanation", overflow="fold")
    table.add_column("held by")
    table.add_column("document", overflow="fold")
    for reason in reasons:
        text = reason.explanation or reason.statement
        table.add_row(
            reason.factor,
            reason.cue or "",
            " ".join(text.split())[:STATEMENT_WIDTH],
            reason.holder or "author",
            titles.get(reason.document_id, reason.document_id),
        )
    return table


def reasons_command(
    unmapped: bool = typer.Option(False, "--unmapped", help="Only explanations with no factor"),
    factor: str | None = typer.Option(None, "--factor", help="Only this factor id"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Reasons the sources give, each tied to a pack factor or kept as `other`."""
    from summitwatch.store import rows

    with pack_and_store(db, pack) as (_, store), store.engine.connect() as connection:
        reasons = rows.load_reasons(connection)
        titles = {d.id: d.title or d.source for d in rows.load_documents(connection)}
    if unmapped:
        reasons = [r for r in reasons if r.factor == "other"]
    if factor:
        reasons = [r for r in reasons if r.factor == factor]
    console = make_console()
    if not reasons:
        console.print("No reasons match." if (unmapped or factor) else "No reasons stored yet.")
        return
    console.print(reasons_table(reasons, titles, unmapped))
    console.print(f"{len(reasons)} reason(s)")
