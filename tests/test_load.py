"""Loading data/: the real content is valid; each kind of mistake has a golden file (test_content_errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.load import ContentErrors, KnowledgeBase, load_knowledge_base, report_lines, validate
from explorer.model import NodeKind
from tests.content import content_folder


def test_real_content_is_valid_and_complete(kb: KnowledgeBase) -> None:
    assert validate() == []
    assert len(kb.nodes) >= 45
    kinds = {n.kind for n in kb.nodes.values()}
    assert kinds == set(NodeKind), f"missing kinds: {set(NodeKind) - kinds}"


def test_every_node_and_edge_cites_an_existing_reference(kb: KnowledgeBase) -> None:
    for item in [*kb.nodes.values(), *kb.edges]:
        assert item.references, item
        assert set(item.references) <= set(kb.references)


def test_all_errors_are_collected_not_just_the_first(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    for name, old, new in [("edges.yaml", "references: [Smith2001]", "references: [NoSuchKey1]"),
                           ("nodes.yaml", "id: tract,", "id: thalamus,")]:
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    report = report_lines(validate(data))
    assert any(line.startswith("data/nodes.yaml:11: nodes[9].id: duplicate node id 'thalamus'") for line in report)
    assert any(line.startswith("data/edges.yaml:2: edges[0].references[0]: unknown reference key 'NoSuchKey1'")
               for line in report)


def test_load_raises_with_every_error(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    (data / "nodes.yaml").unlink()
    with pytest.raises(ContentErrors) as info:
        load_knowledge_base(data)
    assert str(info.value).splitlines()[0] == "data/nodes.yaml: required file is missing"
    assert len(info.value.errors) > 1  # every edge now names unknown nodes: folded under the missing file


def test_claim_without_an_evidence_kind_is_refused() -> None:
    from pydantic import ValidationError

    from explorer.model import Claim

    with pytest.raises(ValidationError, match="evidence_kind"):
        Claim.model_validate({"clinical": "x", "plain": "x", "references": ["K"]})


def test_safety_needs_words_for_every_action(kb: KnowledgeBase) -> None:
    from pydantic import ValidationError

    from explorer.model import Safety

    assert kb.safety is not None
    data = kb.safety.model_dump(mode="json")
    del data["actions"]["same_day"]
    with pytest.raises(ValidationError, match="actions needs wording for same_day"):
        Safety.model_validate(data)


def test_a_node_with_an_ontology_match_still_has_its_keys_checked(tmp_path: Path) -> None:
    # Nodes and edges are checked without walking them (thousands of them); a node holding a nested
    # model (its ontology match) must still have its own keys checked, and count as citing them.
    data = content_folder(tmp_path)
    path = data / "nodes.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("plain: The forehead., references: [Smith2001]",
                        "plain: The forehead., references: [NoSuchKey1], "
                        "ontology: {relation: none, why: No class for this.}", 1)
    path.write_text(text, encoding="utf-8")
    report = report_lines(validate(data))
    assert report == ["data/nodes.yaml:2: nodes[0].references[0]: unknown reference key 'NoSuchKey1'"]


def test_only_items_without_nested_links_are_checked_without_a_walk() -> None:
    from pydantic import BaseModel

    from explorer import load

    class Cited(BaseModel):
        references: list[str]

    class Holder(BaseModel):
        references: list[str]
        inner: list[Cited]

    class Noted(BaseModel):
        inner: dict[str, str]

    class HoldsNoted(BaseModel):
        notes: Noted | None

    assert {load.Node, load.Edge} == load._FLAT_ITEMS
    assert not load._is_flat(Holder)  # a nested `references` is only found by walking
    assert not load._is_flat(HoldsNoted)  # nor are a nested mapping's keys


def test_a_hint_is_worked_out_once_per_name_and_collection(tmp_path: Path) -> None:
    from explorer import load

    c = load._Collector(tmp_path)
    nodes = {"neck_nerve": 1, "face_nerve": 2}
    assert c.did_you_mean("neck_nerv", nodes) == " (did you mean 'neck_nerve'?)"
    assert c.did_you_mean("neck_nerv", {"neck_root": 1, "face_nerve": 2}) == " (did you mean 'neck_root'?)"
    del nodes["neck_nerve"]  # a collection that changed size is asked again
    assert c.did_you_mean("neck_nerv", nodes) == " (did you mean 'face_nerve'?)"
