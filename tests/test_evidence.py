"""The evidence vocabulary and the references, on the real content: every referral labelled by the study
it cites, and a bibliography a librarian would pass."""

from __future__ import annotations

import pytest

from explorer.model import Basis, Edge, EdgeKind, EvidenceKind, KnowledgeBase, unbalanced_brackets, year_in_key


def _referral(kb: KnowledgeBase, source: str, target: str) -> Edge:
    return next(e for e in kb.edges if (e.source, e.target, e.kind) == (source, target, EdgeKind.REFERS_PAIN_TO))


def test_the_vocabulary_puts_controlled_blocks_first_and_animals_and_claims_last() -> None:
    order = list(EvidenceKind)
    assert order[0] is EvidenceKind.HUMAN_BLOCKS
    assert order[-2:] == [EvidenceKind.ANIMAL, EvidenceKind.ARTICLE_CLAIM]
    # A case series and palpation in patients are evidence in people, weaker than a stimulus applied on purpose.
    assert EvidenceKind.HUMAN_PROVOCATION.rank < EvidenceKind.PATIENT_SERIES.rank < EvidenceKind.CLINICAL_PALPATION.rank
    assert all(k.in_people for k in order[:-2]) and not any(k.in_people for k in order[-2:])


@pytest.mark.parametrize(("source", "target", "kind", "n"), [
    # Trigger points found by palpation in 10 patients with tension-type headache (Fernández-de-las-Peñas 2006).
    ("suboccipital_muscles", "occipital_region", EvidenceKind.CLINICAL_PALPATION, 10),
    ("suboccipital_muscles", "temporal_region", EvidenceKind.CLINICAL_PALPATION, 10),
    # Dissection case series: Sturzenegger 1994 (14 vertebral dissections) gives the vertebral n; Campos
    # 2007 (54 carotid and vertebral dissections, no count per artery) gives none, so a carotid referral
    # resting on it alone has no n rather than the mixed cohort's.
    ("vertebral_artery", "neck_region", EvidenceKind.PATIENT_SERIES, 14),
    ("vertebral_artery", "occipital_region", EvidenceKind.PATIENT_SERIES, 14),
    ("internal_carotid_artery", "frontal_region", EvidenceKind.PATIENT_SERIES, None),
    ("internal_carotid_artery", "parietal_region", EvidenceKind.PATIENT_SERIES, None),
    # Controlled third occipital nerve blocks in 100 patients (Lord 1994), not "volunteers, no n".
    ("c2_c3_facet_joint", "occipital_region", EvidenceKind.HUMAN_BLOCKS, 100),
    ("c2_c3_facet_joint", "suboccipital_region", EvidenceKind.HUMAN_BLOCKS, 100),
    # Provocative discography: 41 patients, 10 maps from C2-3 (Slipman 2005).
    ("c2_c3_disc", "neck_region", EvidenceKind.HUMAN_PROVOCATION, 41),
    ("c2_c3_disc", "suboccipital_region", EvidenceKind.HUMAN_PROVOCATION, 41),
    ("c2_c3_disc", "face_region", EvidenceKind.HUMAN_PROVOCATION, 41),
])
def test_referrals_carry_the_kind_and_n_of_their_strongest_study(
    kb: KnowledgeBase, source: str, target: str, kind: EvidenceKind, n: int | None
) -> None:
    edge = _referral(kb, source, target)
    assert (edge.evidence_kind, edge.n) == (kind, n)


def test_every_referral_is_as_strong_as_its_strongest_declared_study_and_no_stronger(kb: KnowledgeBase) -> None:
    for edge in kb.edges:
        if edge.kind is not EdgeKind.REFERS_PAIN_TO:
            continue
        studies = [study for k in edge.references if (study := kb.references[k].study) is not None]
        if studies:
            assert edge.evidence_kind is min(studies, key=lambda k: k.rank), (edge.source, edge.target)


def test_a_study_of_three_volunteers_is_not_a_confirmed_orbital_referral(kb: KnowledgeBase) -> None:
    # Piovesan 2001: trigeminal-territory pain in 2 of 3 volunteers; the abstract does not place it in the orbit.
    edge = _referral(kb, "greater_occipital_nerve", "orbital_region")
    assert not edge.confidence.confirmed and edge.n == 3


def test_an_animal_finding_is_worded_as_what_was_measured(kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    edge = _referral(kb, "supratentorial_dura", "neck_region")
    assert edge.evidence_kind is EvidenceKind.ANIMAL and edge.evidence and "(rat)" in edge.evidence
    words = kb.wording.bases[Basis.ANIMALS]
    assert "not felt pain" in words.clinical and "not pain" in words.plain


def test_the_c2_ganglion_in_its_own_skin_is_a_claim_not_an_observation(kb: KnowledgeBase) -> None:
    edge = _referral(kb, "c2_drg", "occipital_region")
    assert edge.confidence.value == "unverified"


def test_the_neck_has_upper_cervical_joint_and_disc_sources(kb: KnowledgeBase) -> None:
    to_neck = {e.source for e in kb.edges if e.kind is EdgeKind.REFERS_PAIN_TO and e.target == "neck_region"}
    assert {"c2_c3_facet_joint", "c3_c4_facet_joint", "c2_c3_disc"} <= to_neck


def test_the_temple_has_its_v2_part(kb: KnowledgeBase) -> None:
    assert "V2" in kb.nodes["temporal_region"].segments
    assert any(e.source == "temporal_region" and e.target == "maxillary_nerve" for e in kb.edges)


def test_references_are_clean(kb: KnowledgeBase) -> None:
    for key, ref in kb.references.items():
        assert all(unbalanced_brackets(text) is None for text in (ref.title, ref.authors, ref.journal)), key
        assert year_in_key(key) in (None, ref.year), key
    # Anatomy no longer rests on anonymous web summaries; the renamed key is gone everywhere.
    gone = {"SuboccipitalNerveWeb", "TrigeminalWeb", "UMichAnatomy", "CCFT_web", "Edvinsson2009"}
    assert not gone & set(kb.references)
    assert "Liu2009" in kb.references and kb.references["Liu2009"].authors.startswith("Liu")
    assert "9-160" in kb.references["ICHD2"].journal
    assert "1496-1509" in kb.references["BartschGoadsby2002"].journal
    assert "(seen only" not in kb.references["Lord1998"].title
