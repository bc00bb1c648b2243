"""`python -m explorer`: validate content, trace a structure, list sources of a region, look up any name,
export, print text.

Exit status (every failure is one line on standard error, never a traceback):
  0  success
  1  the content is invalid: one line per problem naming file, line and field, the root cause first
  2  bad usage, or a name that does not resolve (the message says why and suggests names)
  3  a file or folder cannot be read or written (e.g. `export -o` into a folder that does not exist)
  4  an internal error: a bug in the explorer (the line names it; please report it)
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from explorer.describe import (
    grouped_referrals,
    referral_line,
    route_words,
    step_words,
    tree_lines,
    urgent_line,
    urgent_of,
)
from explorer.export import FORMATS, export
from explorer.graph import (
    AmbiguousName,
    Graph,
    Referral,
    Route,
    UnknownName,
    build_graph,
    felt_in,
    name_note,
    resolve,
    route_steps,
    sources,
    trace,
)
from explorer.load import ContentError, ContentErrors, Stage, default_data_dir, load_knowledge_base, report_lines
from explorer.lookup import ConditionEntry, find_condition, lookup
from explorer.model import Action, Basis, KnowledgeBase
from explorer.text import audience_texts

__all__ = ["main"]


EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_IO, EXIT_BUG = 0, 1, 2, 3, 4


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is one of the EXIT_* codes above."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ContentErrors as exc:
        for line in report_lines(exc.errors):
            print(line, file=sys.stderr)
        return _content_status(exc.errors)
    except (UnknownName, AmbiguousName) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_IO


def _content_status(errors: list[ContentError]) -> int:
    return EXIT_IO if any(e.stage is Stage.READ for e in errors) else EXIT_CONTENT


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the usage itself is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m explorer", description=__doc__.split("\n\n")[0],
                epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=None, help="content folder (default: the bundled data/)")
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check every data file; one line per problem")
    v.add_argument("dir", nargs="?", type=Path, help="content folder (default: --data)")
    v.set_defaults(run=_validate)

    t = sub.add_parser("trace", help="a structure's path to the cortex and where its pain is felt")
    t.add_argument("name", help="id, label, synonym or abbreviation, e.g. 'GON'")
    t.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    t.set_defaults(run=_trace)

    s = sub.add_parser("sources", help="the structures whose pain can be felt in a region")
    s.add_argument("region", help="a region's id, label or synonym, e.g. 'forehead'")
    s.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    s.set_defaults(run=_sources)

    lk = sub.add_parser("lookup", help="what a name means here: structures, glossary terms, conditions and pages")
    lk.add_argument("name", help="any name, e.g. 'occipital neuralgia' or 'GON'")
    lk.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    lk.set_defaults(run=_lookup)

    e = sub.add_parser("export", help="the whole graph with every attribute")
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    e.set_defaults(run=_export)

    x = sub.add_parser("text", help="every text written for one audience, for review and readability checks")
    x.add_argument("--audience", required=True, choices=("patient", "clinician"))
    x.set_defaults(run=_text)
    return p


def _validate(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge_base(args.dir or args.data)
    except ContentErrors as exc:
        for line in report_lines(exc.errors):
            print(line)
        roots = sum(1 for e in exc.errors if e.cause is None)
        more = len(exc.errors) - roots
        print(f"{roots} problem(s) found" + (f", and {more} more caused by them." if more else "."), file=sys.stderr)
        return _content_status(exc.errors)
    print(
        f"OK: {len(kb.nodes)} nodes, {len(kb.edges)} edges, {len(kb.references)} references, "
        f"{len(kb.pages)} pages, {len(kb.tours)} tours, "
        f"{len(kb.glossary.terms) if kb.glossary else 0} glossary terms."
    )
    return EXIT_OK


def _trace(args: argparse.Namespace) -> int:
    kb, G = _graph(args)
    try:
        node = resolve(G, args.name)
    except UnknownName:
        # A condition (occipital neuralgia, a dissection...) is not a structure: say where it is explained.
        if (entry := find_condition(kb, args.name)) is None:
            raise
        _print_condition(kb, G, entry, as_json=args.json)
        return EXIT_OK
    t = trace(G, node)
    felt = felt_in(G, node)
    wording = kb.wording
    assert wording is not None
    if args.json:
        _print_json({
            "node": _item(G, kb, node),
            "name_note": name_note(G, node, args.name),  # e.g. an eponym that means another nerve elsewhere
            "upstream": [_item(G, kb, n) for n in t.upstream],
            "downstream": [_item(G, kb, n) for n in t.downstream],
            "routes": [list(route) for route in t.routes],
            # One list of steps per route, in the order of `routes`: each step with its edge's evidence.
            "route_steps": [_steps(G, route) for route in t.routes],
            "felt_in": [_referral(G, kb, r, r.region) for r in felt],
        })
        return 0
    print(_headline(G, kb, node, args.name))
    print("\nRoutes to the cortex and other targets (each arrow is one step in the graph; branches run in parallel;"
          " each step says how it is known):")
    if t.routes:
        for line in tree_lines(G, t.routes, roles=True, wording=wording):
            print("  " + line)
    else:
        print("  (none: this is where the routes end)")
    if t.upstream:
        print("\nFed by:")
        print("  " + ", ".join(G.nodes[n]["label"] for n in t.upstream))
    print("\nWhere its pain is felt:")
    _print_referrals(G, kb, felt, "region")
    return 0


def _sources(args: argparse.Namespace) -> int:
    kb, G = _graph(args)
    region = resolve(G, args.region)
    try:
        found = sources(G, region)
    except ValueError as exc:  # not a region: the user asked the wrong question
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json({"region": _item(G, kb, region), "sources": [_referral(G, kb, r, r.source) for r in found]})
        return 0
    print(_headline(G, kb, region, args.region))
    wording = kb.wording
    assert wording is not None
    urgent = [(r.source, u) for r in found if (u := urgent_of(G, r.source, kb.safety))]
    if urgent:
        print(f"\n{wording.ui['urgent.first'].clinical}")
        for source, u in urgent:
            print(f"  {G.nodes[source]['label']}: {urgent_line(u, wording)}")
    print("\nStructures whose pain can be felt here:")
    _print_referrals(G, kb, found, "source")
    return 0


def _lookup(args: argparse.Namespace) -> int:
    kb, G = _graph(args)
    hits = lookup(kb, G, args.name)
    if args.json:
        _print_json({"name": args.name, "hits": [
            {"kind": h.kind, "target": h.target, "condition": h.condition, "label": h.label, "matched": h.matched,
             "score": round(h.score, 1)} for h in hits]})
        return EXIT_OK
    if not hits:
        print(f"error: nothing here is called {args.name!r}", file=sys.stderr)
        return EXIT_USAGE
    entry = find_condition(kb, args.name)
    if entry is not None:
        _print_condition(kb, G, entry, as_json=False)
        print()
    print(f"Names close to {args.name!r}:")
    for h in hits:
        print(f"  {h.kind:<9} {h.label} [{h.condition or h.target}]" + (f" (as {h.matched!r})" if h.matched != h.label
                                                                       else ""))
    return EXIT_OK


def _print_condition(kb: KnowledgeBase, G: Graph, entry: ConditionEntry, *, as_json: bool) -> None:
    """A condition in a few lines: what it is, its code, how fast it needs care, its page and its structures."""
    c = entry.condition
    address = "/" + entry.page.replace("-", "_")  # as NavPage.url_path: the page's address in the app
    # Most urgent first, each with what to do in data/safety.yaml's words.
    urgent = [{"action": call.action.value, "when": call.clinical,
               "do": kb.safety.actions[call.action].clinical if kb.safety else None}
              for call in sorted(c.urgent, key=lambda call: list(Action).index(call.action))]
    if as_json:
        _print_json({"condition": {
            "id": c.id, "name": c.title, "plain_name": c.title_at(plain=True), "ichd3": c.ichd3,
            "urgency": c.urgency.value if c.urgency else None, "urgent": urgent,
            "page": entry.page, "address": address, "separates_by": c.separates_by.clinical,
            "related": [_item(G, kb, n) for n in c.nodes], "references": list(c.references)}})
        return
    code = f"ICHD-3 {c.ichd3}" if c.ichd3 else "no ICHD-3 code of its own"
    print(f"{c.title} is a condition, not a structure of the graph ({code}).")
    for call in urgent:
        print(f"URGENT ({call['action']}): {call['when']} {call['do'] or ''}".rstrip())
    print(f"See the page {kb.page_title(entry.page)!r} ({address}).")
    print(f"What separates it from cervicogenic headache: {c.separates_by.clinical}")
    if c.nodes:
        print("Related structures: " + ", ".join(f"{G.nodes[n]['label']} [{n}]" for n in c.nodes))
        print(f"  (trace one of them: python -m explorer trace {c.nodes[0]})")
    print(f"References: {', '.join(c.references)}")


def _export(args: argparse.Namespace) -> int:
    kb, G = _graph(args)
    data = export(G, args.format, kb.references, kb.safety)
    if args.output:
        content = args.data or default_data_dir()
        if args.output.resolve().is_relative_to(content.resolve()):
            print(f"error: {args.output} is inside the content folder {content}; write the export elsewhere "
                  "(it would overwrite or add to the content)", file=sys.stderr)
            return EXIT_USAGE
        try:
            args.output.write_bytes(data)
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_IO
        print(f"Wrote {args.output} ({len(data)} bytes).", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _text(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.data)
    for where, text in audience_texts(kb, args.audience):
        print(f"[{where}]\n{text}\n")
    return 0


# --- output helpers ----------------------------------------------------------------------------


def _graph(args: argparse.Namespace) -> tuple[KnowledgeBase, Graph]:
    kb = load_knowledge_base(args.data)
    return kb, build_graph(kb)


def _item(G: Graph, kb: KnowledgeBase, node: str, *, urgent_from: str | None = None) -> dict[str, Any]:
    data = G.nodes[node]
    # Pain from it (or from `urgent_from`, the source of a referral) can be an emergency: the sign,
    # its action, and both in words (data/safety.yaml).
    urgent = urgent_of(G, urgent_from or node, kb.safety)
    return {"id": node, "label": data["label"], "kind": data["kind"], "segments": data.get("segments", []),
            "urgent": {"sign": urgent.sign, "action": urgent.action.value, "text": urgent.text, "do": urgent.do}
            if urgent else None}


def _steps(G: Graph, route: Route) -> list[dict[str, Any]]:
    return [{"source": s.source, "target": s.target, "kind": s.kind.value, "confidence": s.confidence.value,
             "evidence_kind": s.evidence_kind.value, "n": s.n, "references": list(s.references),
             "basis": s.basis.value, "weak": s.weak} for s in route_steps(G, route)]


def _referral(G: Graph, kb: KnowledgeBase, r: Referral, node: str) -> dict[str, Any]:
    return {
        **_item(G, kb, node, urgent_from=r.source),  # a referral is as urgent as its source's pain
        "basis": r.basis.value,
        # A prediction is a hypothesis: it has no confidence tag and no evidence kind of its own.
        "confidence": r.confidence.value if r.confidence is not None else None,
        "evidence_kind": r.evidence_kind.value if r.evidence_kind is not None else None,
        "n": r.n,
        "references": list(r.references),
        "via": list(r.via),
        "meeting": [list(route) for route in r.meeting] if r.meeting else None,
        "meeting_steps": [_steps(G, route) for route in r.meeting] if r.meeting else None,
        "mapped_by": list(r.mapped_by),  # a prediction's source mapped in people without this region
        "evidence": r.evidence,
        "own_territory": r.own_territory,  # felt in the nerve's own skin: no referral is needed to explain it
    }


def _headline(G: Graph, kb: KnowledgeBase, node: str, asked: str | None = None) -> str:
    data = G.nodes[node]
    segs = ", ".join(data.get("segments", []))
    lines = [f"{data['label']} [{node}] — {data['kind']}" + (f", segments {segs}" if segs else "")]
    note = name_note(G, node, asked) if asked else None
    if note:
        lines.append(f"Note on the name {asked!r}: {note}")
    urgent = urgent_of(G, node, kb.safety)
    if urgent and kb.wording:
        lines.append(urgent_line(urgent, kb.wording))
    return "\n".join(lines)


def _print_referrals(G: Graph, kb: KnowledgeBase, items: list[Referral], end: str) -> None:
    if not items:
        print("  (none recorded)")
    wording = kb.wording
    assert wording is not None
    for group in grouped_referrals(items, wording, plain=False):
        print(f"  {group.title.capitalize()}:")
        for r in group.items:
            urgent = urgent_of(G, r.source, kb.safety)  # a referral is as urgent as its source's pain
            marker = f"  [{wording.ui['urgent.label'].clinical}: {urgent.do}]" if urgent else ""
            print(f"    {referral_line(G, r, end, wording, plain=False)}{marker}")
            if r.references:
                print(f"      references: {', '.join(r.references)}")
            if r.meeting:
                station = G.nodes[r.meeting[0][-1]]["label"]
                print(f"      routes meet at the {station}:" if r.basis is Basis.PREDICTED
                      else f"      the wiring would allow it: routes meet at the {station}:")
                for route in r.meeting:
                    print(f"        {route_words(G, route)}")
                    weak = [s for s in route_steps(G, route) if s.weak]
                    for s in weak:
                        print(f"          {G.nodes[s.source]['label']} → {G.nodes[s.target]['label']}: "
                              f"{step_words(wording, s)}")


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _script() -> int:
    """`main` as a program: a bug is reported in one line (exit 4), an interrupt ends quietly (130)."""
    # Like other Unix tools, stop quietly when the reader of our output goes away (`... | head`).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A terminal that cannot show a character (PYTHONIOENCODING=ascii, a Latin-1 console) gets '?'
    # for it, not an encoding error: names hold en dashes, and text holds accents.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        return main()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: the user gets one line, not our internals
        print(f"internal error (a bug in the explorer; please report it): {type(exc).__name__}: {exc}"[:500],
              file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(_script())
