"""``summitwatch pack validate``: check a pack against its schema without ingesting anything."""

from __future__ import annotations

import typer

from summitwatch.present.options import fail
from summitwatch.settings import Settings

pack_app = typer.Typer(help="Check domain packs.", no_args_is_help=True, add_completion=False)


@pack_app.command("validate")
def validate_command(
    path: str = typer.Argument("korea", help="Pack name shipped with summitwatch, or a path"),
) -> None:
    """Exit 0 when the pack loads; otherwise print one line naming file, entry and problem."""
    from summitwatch.packs.pack import SECTIONS, PackError, load_pack

    try:
        pack = load_pack(Settings(db_url="sqlite://", pack=path).pack_path)
    except PackError as exc:
        fail(str(exc))
    counts = ", ".join(f"{len(getattr(pack, section))} {section}" for section in SECTIONS)
    typer.echo(f"{pack.name}: valid ({counts})")
