"""A tiny app for the browser tests: the head map, interactive, and the last region chosen on it."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from tests/browser: find the package

from explorer.graph import short_label
from explorer.headmap import CHOSEN_STATE, head_svg
from explorer.load import load_knowledge_base
from explorer.model import NodeKind
from explorer.ui.headmap import head_map

st.set_page_config(page_title="Head map", layout="wide")
kb = st.cache_resource(load_knowledge_base)()
assert kb.head_map is not None
labels = {n.id: short_label(n.model_dump()) for n in kb.nodes.values() if n.kind is NodeKind.REGION}
chosen: list[str] = st.session_state.setdefault("headmap_chosen", [])

svg = head_svg(kb.head_map, labels, dict.fromkeys(chosen, CHOSEN_STATE), interactive=True,
               title="Where does it hurt? Choose the places on the head and neck")
picked = head_map(svg, key="headmap", interactive=True)
if picked:
    st.session_state.headmap_chosen = [r for r in chosen if r != picked] if picked in chosen else [*chosen, picked]
    st.session_state.headmap_last = picked
    st.session_state.headmap_picks = st.session_state.get("headmap_picks", 0) + 1
    st.rerun()
st.write(f"Last chosen: {st.session_state.get('headmap_last', 'none')}")
st.write(f"Choices made: {st.session_state.get('headmap_picks', 0)}")
