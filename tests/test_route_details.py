"""The details panel: every route step says how it is known, and a structure whose pain can be an
emergency says so first. Pages via AppTest."""

from __future__ import annotations

import pytest

from explorer.graph import build_graph, route_steps
from explorer.model import KnowledgeBase
from tests.apptest import open_page, texts


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_a_torn_artery_opens_with_its_urgent_sign_and_action(kb: KnowledgeBase, audience: str) -> None:
    assert kb.safety is not None and kb.wording is not None
    plain = audience == "patient"
    sign = next(s for s in kb.safety.urgent_signs if s.id == kb.nodes["vertebral_artery"].urgent_sign)
    at = open_page("explorer", node="vertebral_artery", audience=audience)
    errors = [e.value for e in at.error]
    said, do = (sign.plain, kb.safety.actions[sign.action].plain) if plain else (
        sign.clinical, kb.safety.actions[sign.action].clinical)
    label = kb.wording.ui["urgent.label"].at(plain=plain)
    assert any(said in e and do in e and label in e for e in errors)

def test_the_route_list_shows_each_steps_evidence_and_calls_a_claimed_step_weak(kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    at = open_page("explorer", node="upper_cervical_dura", audience="clinician")
    body = texts(at)
    weak = kb.wording.ui["route.weak_step"].clinical
    lines = [line for line in body.splitlines() if "Greater occipital nerve —" in line]
    assert lines and all(weak in line for line in lines)
    sinu = [line for line in body.splitlines() if "C2 sinuvertebral nerve —" in line]
    assert sinu and not any(weak in line for line in sinu)


def test_no_block_names_a_structure_its_nerve_reaches_only_by_an_unverified_step(kb: KnowledgeBase) -> None:
    G = build_graph(kb)
    blocks = [b for page in kb.pages.values() for w in page.model_dump()["widgets"]
              if w["type"] == "block_explainer" for b in w["blocks"]]
    assert blocks, "the diagnosis page explains its blocks"
    for block in blocks:
        target, nerve = block["target_structure"], block["nerve"]
        if G.has_edge(target, nerve):
            assert not route_steps(G, (target, nerve))[0].weak, block["id"]
