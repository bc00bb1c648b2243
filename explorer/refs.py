"""Where a reference can be read: the one place that turns its identifiers into links.

Examples:
    >>> from explorer.model import Reference
    >>> ref = Reference(key="K", authors="A", title="T", journal="J", doi="10.1000/x1", pmid="123")
    >>> reference_links(ref)
    [('doi', 'https://doi.org/10.1000/x1'), ('pubmed', 'https://pubmed.ncbi.nlm.nih.gov/123/')]
"""

from __future__ import annotations

from typing import Literal

from explorer.model import Reference

__all__ = ["LinkKind", "reference_links"]

LinkKind = Literal["doi", "pubmed", "url"]


def reference_links(ref: Reference) -> list[tuple[LinkKind, str]]:
    """(kind, address) for each way to read `ref`: its DOI, its PubMed record, the page it was read at.

    The identifiers are checked by the content schema (explorer.model), so the addresses need no escaping.
    """
    links: list[tuple[LinkKind, str]] = []
    if ref.doi:
        links.append(("doi", f"https://doi.org/{ref.doi}"))
    if ref.pmid:
        links.append(("pubmed", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"))
    if ref.url:
        links.append(("url", ref.url))
    return links
