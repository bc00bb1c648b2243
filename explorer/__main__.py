"""`python -m explorer`: validate content, trace a structure, list sources of a region, export, print text.

Exit status: 0 success; 1 the content in data/ is invalid; 2 bad usage or a name that
does not resolve (the message says why and suggests names).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from explorer.export import FORMATS, export
from explorer.graph import (
    AmbiguousName,
    Referral,
    UnknownName,
    build_graph,
    felt_in,
    resolve,
    sources,
    trace,
)
from explorer.load import ContentErrors, KnowledgeBase, load_knowledge_base, validate
from explorer.text import audience_texts

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ContentErrors as exc:
        print(f"The content in data/ is not valid ({len(exc.errors)} problems):", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err}", file=sys.stderr)
        return 1
    except (UnknownName, AmbiguousName, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m explorer", description=__doc__.splitlines()[0])
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

    e = sub.add_parser("export", help="the whole graph with every attribute")
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    e.set_defaults(run=_export)

    x = sub.add_parser("text", help="every text written for one audience, for review and readability checks")
    x.add_argument("--audience", required=True, choices=("patient", "clinician"))
    x.set_defaults(run=_text)
    return p


def _validate(args: argparse.Namespace) -> int:
    folder = args.dir or args.data
    errors = validate(folder)
    for err in errors:
        print(err)
    if errors:
        print(f"{len(errors)} problem(s) found.", file=sys.stderr)
        return 1
    kb = load_knowledge_base(folder)
    print(
        f"OK: {len(kb.nodes)} nodes, {len(kb.edges)} edges, {len(kb.references)} references, "
        f"{len(kb.pages)} pages, {len(kb.tours)} tours, "
        f"{len(kb.glossary.terms) if kb.glossary else 0} glossary terms."
    )
    return 0


def _trace(args: argparse.Namespace) -> int:
    _, G = _graph(args)
    node = resolve(G, args.name)
    t = trace(G, node)
    felt = felt_in(G, node)
    if args.json:
        _print_json({
            "node": _item(G, node),
            "upstream": [_item(G, n) for n in t.upstream],
            "downstream": [_item(G, n) for n in t.downstream],
            "felt_in": [_referral(G, r, r.region) for r in felt],
        })
        return 0
    print(_headline(G, node))
    print("\nPath to the cortex:")
    print("  " + (" -> ".join(G.nodes[n]["label"] for n in t.downstream) or "(none: this is the end of the path)"))
    if t.upstream:
        print("\nFed by:")
        print("  " + ", ".join(G.nodes[n]["label"] for n in t.upstream))
    print("\nWhere its pain is felt:")
    _print_referrals(G, felt, "region")
    return 0


def _sources(args: argparse.Namespace) -> int:
    _, G = _graph(args)
    region = resolve(G, args.region)
    found = sources(G, region)
    if args.json:
        _print_json({"region": _item(G, region), "sources": [_referral(G, r, r.source) for r in found]})
        return 0
    print(_headline(G, region))
    print("\nStructures whose pain can be felt here:")
    _print_referrals(G, found, "source")
    return 0


def _export(args: argparse.Namespace) -> int:
    kb, G = _graph(args)
    data = export(G, args.format, kb.references)
    if args.output:
        args.output.write_bytes(data)
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


def _graph(args: argparse.Namespace) -> tuple[KnowledgeBase, nx.DiGraph]:
    kb = load_knowledge_base(args.data)
    return kb, build_graph(kb)


def _item(G: nx.DiGraph, node: str) -> dict[str, Any]:
    data = G.nodes[node]
    return {"id": node, "label": data["label"], "kind": data["kind"], "segments": data.get("segments", [])}


def _referral(G: nx.DiGraph, r: Referral, node: str) -> dict[str, Any]:
    return {
        **_item(G, node),
        "basis": r.basis,
        "confidence": r.confidence.value,
        "references": list(r.references),
        "via": list(r.via),
        "evidence": r.evidence,
    }


def _headline(G: nx.DiGraph, node: str) -> str:
    data = G.nodes[node]
    segs = ", ".join(data.get("segments", []))
    return f"{data['label']} [{node}] — {data['kind']}" + (f", segments {segs}" if segs else "")


def _print_referrals(G: nx.DiGraph, items: list[Referral], end: str) -> None:
    if not items:
        print("  (none recorded)")
    for r in items:
        node = getattr(r, end)
        via = f" via {', '.join(G.nodes[s]['label'] for s in r.via)}" if r.via else ""
        print(f"  {r.basis:<9} {G.nodes[node]['label']}{via}")
        print(f"            confidence: {r.confidence.value}; references: {', '.join(r.references)}")


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
