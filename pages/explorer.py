"""The anatomy of the connection: the convergence graph, click or pick a node to trace it."""

import streamlit as st

from explorer import ui
from explorer.figures import convergence_figure
from explorer.graph import felt_in, highlight_set, sources, trace
from explorer.model import Audience, NodeKind

ui.page_setup()
A = ui.app()
G = A.graph
page = A.kb.pages.get("explorer")

st.title(page.title if page else "The anatomy of the connection")
if page:
    ui.claim(page.summary, show_links=False)

# One chosen node, kept in session state; set by the URL, the select box or a click on the graph.
param = st.query_params.get("node")
if param != st.session_state.get("explorer_seen_param"):
    st.session_state.explorer_seen_param = param
    st.session_state.explorer_node = ui.node_from_query()
click = st.session_state.get("explorer_chart")
points = click.selection.points if click and click.selection else []
clicked = points[0].get("customdata") if points else None
if clicked and clicked != st.session_state.get("explorer_last_click"):
    st.session_state.explorer_node = clicked
st.session_state.explorer_last_click = clicked
node = st.session_state.get("explorer_node")
st.session_state.explorer_select = node

def _picked() -> None:
    st.session_state.explorer_node = st.session_state.explorer_select


options = [None, *sorted(G, key=lambda n: G.nodes[n]["label"].casefold())]
st.selectbox(
    "Choose a structure, nerve or region (type to search)",
    options,
    key="explorer_select",
    on_change=_picked,
    format_func=lambda n: "— whole graph —" if n is None else f"{G.nodes[n]['label']} ({G.nodes[n]['kind']})",
)
if node:
    st.query_params["node"] = node
    st.session_state.explorer_seen_param = node
elif "node" in st.query_params:
    del st.query_params["node"]
    st.session_state.explorer_seen_param = None

lit = highlight_set(G, [node]) if node else None
felt = felt_in(G, node) if node else []
fig = convergence_figure(G, A.layout, focus=[node] if node else [], lit=lit, felt=felt)
st.plotly_chart(
    fig,
    key="explorer_chart",
    on_select="rerun",
    selection_mode="points",
    config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 3}},
    alt="Layered graph of pain pathways from neck tissues and skin regions through nerves, roots and the "
    "trigeminocervical nucleus to thalamus and cortex. A text version follows below.",
)
st.caption("Shapes mark the kind of node (see the legend); "
           "dashed lines run from the cortex to where the pain is felt.")

if not node:
    st.info("Click a node in the graph, or choose one above, to trace its path and see where its pain is felt.")
    st.stop()

data = G.nodes[node]
t = trace(G, node)
who = ui.audience()
st.header(data["label"])
facts = [f"**Kind:** {data['kind']}"]
if data.get("segments"):
    facts.append(f"**Segments:** {', '.join(data['segments'])}")
if data.get("abbreviations") and who is not Audience.PATIENT:
    facts.append(f"**Also written:** {', '.join(data['abbreviations'])}")
if data.get("ontology_id"):
    facts.append(f"**Ontology:** {data['ontology_id']}")
st.markdown(" · ".join(facts))
if who is Audience.PATIENT:
    st.markdown(data["plain"])
else:
    st.markdown(data["clinical"])
    if who is Audience.STUDENT:
        st.caption(f"In plain words: {data['plain']}")
if data.get("synonyms"):
    st.caption(f"Other names: {', '.join(data['synonyms'])}")

st.subheader("Path of the signal")
st.markdown(" → ".join([f"**{data['label']}**", *(G.nodes[n]["label"] for n in t.downstream)]) or "—")
if t.upstream:
    st.caption("Fed by: " + ", ".join(G.nodes[n]["label"] for n in t.upstream))

if data["kind"] == NodeKind.REGION.value:
    st.subheader("Which structures can send pain here")
    rows = ui.referral_rows(G, sources(G, node), "source")
else:
    st.subheader("Where its pain is felt")
    rows = ui.referral_rows(G, felt, "region")
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.caption("No referral is recorded for this node.")
ui.basis_legend()
refs = list(dict.fromkeys([*data["references"], *(k for r in felt for k in r.references)]))
ui.citations(refs)
if page:
    ui.evidence_checks(page.evidence_checks)
