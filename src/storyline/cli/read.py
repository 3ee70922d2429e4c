"""Reading what ingest found: ``stories``, ``show``, ``diff`` and ``compare``."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.markup import escape

from .. import api
from ..config import Config
from ..errors import StorylineError
from .console import (
    db_option,
    language_option,
    out,
)
from .console import fail as _fail
from .listing import Column, chosen_format, emit, listing_options, note_more, wanted


@click.command("stories")
@db_option
@click.option("--groups", "with_groups", is_flag=True, help="List each story's reprint groups and articles.")
@language_option("Stories with articles")
@listing_options("stories", default_limit=50)
def stories_cmd(
    db: str, with_groups: bool, language: str | None, limit: int, show_all: bool, fmt: str | None, as_json: bool
) -> None:
    """List stories, newest first: date, title, outlets and article count (an inferred
    date marked ~DATE).

    \b
    Example:
      storyline stories --db news.db --groups
      storyline stories --db news.db --all --format tsv > stories.tsv
    """
    try:
        records = [api.show(db, s.id) for s in api.list_stories(db, wanted(limit, show_all), language)]
    except StorylineError as e:
        _fail(e)
    detailed = with_groups and fmt in (None, "table") and not as_json  # --groups is a view of its own
    fmt = chosen_format(fmt, as_json)
    shown = None if show_all else limit
    if not records and (fmt == "table" or detailed):
        out.print("No stories yet: run `storyline ingest PATH --db FILE` first.")
        return
    if detailed:
        for rec in records[:shown]:
            out.print(f"\n[bold]{rec['id']}[/bold]  {_date(rec)}  [bold]{escape(rec['title'] or '(untitled)')}[/bold]")
            out.print(
                f"  {rec['size']} article(s); outlets: {escape(', '.join(rec['outlets']) or '-')}; "
                f"storyline {rec['storyline']}"
            )
            for g in rec["group_records"]:
                out.print(_group_lines(g).lstrip("\n"))
        note_more(shown is not None and len(records) > shown, shown, "stories")
        return
    emit(records, STORY_COLUMNS, fmt, shown, "stories")


def _date(story: dict[str, Any]) -> str:
    """A story's first date, ``~DATE`` when inferred, else ``undated``."""
    return story["first_date"] or _inferred(story) or "undated"


STORY_COLUMNS = (
    Column("story", lambda r: r["id"]),
    Column("date", _date),
    Column("title", lambda r: r["title"] or "(untitled)", text=True, share=2),
    Column("outlets", lambda r: r["outlets"] or "-", text=True),
    Column("articles", lambda r: r["size"]),
)


def _inferred(story: dict[str, Any]) -> str | None:
    dates = [a["date_inferred"] for g in story["group_records"] for a in g["articles"] if a.get("date_inferred")]
    return f"~{min(dates)}" if dates else None


def _group_lines(g: dict[str, Any]) -> str:
    head = f"\n  [bold]group {g['id']}[/bold] ({g['size']} cop{'y' if g['size'] == 1 else 'ies'})"
    rows = []
    for a in g["articles"]:
        mark = "*" if a["id"] == g["representative"] else " "
        rows.append(f"\n   {mark} {escape(a['id'])}  {escape(a['outlet'] or '-')}  {a['date'] or ''}")
    return head + "".join(rows)


@click.command("show")
@click.argument("ident")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show_cmd(ident: str, db: str, as_json: bool) -> None:
    """Show one article, reprint group, story or storyline by its id.

    \b
    Example:
      storyline show 000_5121eb60957fa2fd.txt --db seeds.db
    """
    try:
        rec = api.show(db, ident)
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    kind = rec["kind"]
    if kind == "article":
        for key in (
            "id",
            "title",
            "outlet",
            "date",
            "date_inferred",
            "byline",
            "dateline",
            "wire",
            "url",
            "language",
            "encoding",
            "reprint_group",
            "story",
            "storyline",
        ):
            if rec.get(key):
                guessed = " (guessed from the text)" if key == "outlet" and rec.get("outlet_from") == "text" else ""
                if key == "date_inferred":  # never shown as a date of its own: its days and evidence
                    guessed = f" (inferred, within {rec['date_inferred_range']}: {rec['date_inferred_from']})"
                out.print(f"[bold]{key}:[/bold] {escape(str(rec[key]) + guessed)}")
        out.print()
        out.print(escape(rec["text"]))
        if rec["removed"]:
            out.print("\n[dim]removed, and why:[/dim]")
            for r in rec["removed"]:
                why = r["kind"] + (f": {r['rule']}" if r["rule"] else "")
                out.print(f"[dim]  - {escape(r['line'])}  ({escape(why)})[/dim]")
    elif kind == "group":
        _print_group(rec)
    elif kind == "story":
        _print_story(rec)
    else:
        out.print(
            f"[bold]storyline {rec['id']}[/bold]: {escape(rec['title'] or '')}  "
            f"{rec['first_date'] or ''}..{rec['last_date'] or ''}"
        )
        for s in rec["story_records"]:
            _print_story(s)


def _print_story(rec: dict[str, Any]) -> None:
    out.print(f"[bold]story {rec['id']}[/bold]: {escape(rec['title'] or '(untitled)')}")
    out.print(
        f"  dates {rec['first_date'] or 'undated'}..{rec['last_date'] or ''}; storyline {rec['storyline']}; "
        f"outlets: {escape(', '.join(rec['outlets']) or '-')}"
    )
    for g in rec["group_records"]:
        out.print(_group_lines(g))
    for link in rec["links"]:
        out.print(
            f"  [dim]{link['member']} joined via {link['target']}: score {link['score']:.3f} "
            f"{escape(json.dumps(link['reasons']))}[/dim]"
        )


def _print_group(rec: dict[str, Any]) -> None:
    out.print(
        f"[bold]reprint group {rec['id']}[/bold]: {rec['size']} copies; representative {escape(rec['representative'])}"
    )
    if rec["size"] > 1:
        out.print(f"likely original: {escape(rec['likely_original'])} ({'; '.join(rec['likely_original_because'])})")
    for a in rec["articles"]:
        out.print(f"  {escape(a['id'])}  {escape(a['outlet'] or '-')}  {a['date'] or ''}  {escape(a['title'] or '')}")
    for p in rec["pairs"]:
        r = p["reasons"]
        out.print(
            f"  [dim]{escape(p['member'])} ~ {escape(p['target'])}: containment {p['score']:.3f}, "
            f"jaccard {r.get('jaccard', 0):.3f}, {r.get('shared_shingles', 0)} shared shingles[/dim]"
        )
    for lin in rec.get("lineage", []):
        _print_lineage(lin)


def _print_lineage(lin: dict[str, Any]) -> None:
    out.print(
        f"\n[bold]{escape(lin['article'])}[/bold] against {escape(lin['representative'])}: "
        f"{lin['same']} paragraph(s) identical"
    )
    for p in lin["lacks"]:
        out.print(f"  [red]- lacks:[/red] {escape(p)}")
    for p in lin["adds"]:
        out.print(f"  [green]+ adds:[/green] {escape(p)}")
    for e in lin["edited"]:
        if e["kind"] == "damaged":  # a scanner's or scraper's noise, not an outlet's edit: one line
            changes = sum(1 for op in e["diff"] if op["op"] != "equal")
            text = e["copy"] if len(e["copy"]) <= 100 else e["copy"][:100] + "..."
            out.print(f"  [dim]~ damaged ({changes} change(s) of scanning or scraping noise):[/dim] {escape(text)}")
            continue
        out.print(f"  [yellow]~ {e['kind']}:[/yellow] {word_changes(e['diff'], coloured=out.is_terminal)}")


def word_changes(diff: list[dict[str, str]], coloured: bool) -> str:
    """A word diff as console markup: struck red and green on a terminal, else as
    ``[-cut-]{+added+}`` (wdiff's notation), which reads without colour.

    >>> diff = [{"op": "equal", "a": "Minister", "b": "Minister"}, {"op": "replace", "a": "Sergey", "b": "Sergei"}]
    >>> word_changes(diff, coloured=False)
    'Minister [-Sergey-]{+Sergei+}'
    """
    parts = []
    for op in diff:
        if op["op"] == "equal":
            parts.append(escape(op["a"]))
        elif coloured:
            cut = f"[red strike]{escape(op['a'])}[/red strike]" if op["a"] else ""
            parts.append(cut + (f"[green]{escape(op['b'])}[/green]" if op["b"] else ""))
        else:
            parts.append(escape((f"[-{op['a']}-]" if op["a"] else "") + (f"{{+{op['b']}+}}" if op["b"] else "")))
    return " ".join(parts)


@click.command("diff")
@click.argument("group_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the lineage as JSON.")
def diff_cmd(group_id: str, db: str, as_json: bool) -> None:
    """Show what each copy of a reprint group cut, added and edited, against the
    group's representative (the most complete copy).

    \b
    Example:
      storyline diff g5a9487f6469 --db seeds.db
    """
    try:
        lin = [x.to_dict() for x in api.lineage(db, group_id)]
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(lin, ensure_ascii=False, indent=2))
        return
    if not lin:
        out.print(f"group {group_id} has a single copy")
    for x in lin:
        _print_lineage(x)


@click.command("compare")
@click.argument("first")
@click.argument("second")
@click.option(
    "--db",
    default=None,
    type=click.Path(dir_okay=False),
    help="Read FIRST and SECOND as article ids in this database (else as files).",
)
@click.option("--json", "as_json", is_flag=True, help='Print {"score", "same_story", "reasons"} as JSON.')
def compare_cmd(first: str, second: str, db: str | None, as_json: bool) -> None:
    """Score how likely two articles tell the same story, in [0, 1], and say why:
    text similarity, the people and names they share, how many days apart they are,
    and whether their datelines agree.  This is the score story clustering uses.

    \b
    Example:
      storyline compare 000_5121eb60957fa2fd.txt 004_3f426f10fa9980cc.txt --db seeds.db
      storyline compare a.txt b.txt
    """
    try:
        res = api.compare(first, second, db)
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(res, ensure_ascii=False))
        return
    r = res["reasons"]
    verdict = "same story" if res["same_story"] else "different stories"
    out.print(f"[bold]score {res['score']:.3f}[/bold] ({verdict}; threshold {Config().stories.story_threshold})")
    out.print(f"  text similarity {r['text']:.3f}; shared-name similarity {r['entities']:.3f}")
    if r["shared_people"]:
        out.print(f"  shared people: {escape(', '.join(r['shared_people']))}")
    if r["shared_names"]:
        out.print(f"  shared names: {escape(', '.join(r['shared_names']))}")
    dates = ", ".join(
        f"{escape(k)} {v or 'undated'}"
        + (f" (inferred ~{r['dates_inferred'][k]}, not scored)" if k in r["dates_inferred"] else "")
        for k, v in r["dates"].items()
    )
    gap = "unknown" if r["days_apart"] is None else f"{r['days_apart']:g} day(s)"
    out.print(f"  time: {gap} apart ({dates}); time factor {r['time_factor']:.3f}")
    out.print(f"  place: {r['place']}" + (f" ({escape(', '.join(r['places']))})" if r["places"] else ""))
