"""The anatomy of the connection: the convergence graph; click or pick a node to trace it."""

import streamlit as st

from explorer import ui
from explorer.figures import convergence_figure
from explorer.graph import felt_in, highlight_set

ui.page_setup("explorer")
A = ui.app()
G = A.graph
page = A.kb.pages.get("explorer")

st.title(page.title if page else "The anatomy of the connection")
if page:
    ui.claim(page.summary, show_links=False)

def _pick_and_show() -> None:
    """Select box, graph and details: a fragment, so a click reruns only this part of the page."""
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
        st.query_params["node"] = st.session_state.explorer_seen_param = node
    elif "node" in st.query_params:
        del st.query_params["node"]
        st.session_state.explorer_seen_param = None

    fig = convergence_figure(G, A.layout, focus=[node] if node else [],
                             lit=highlight_set(G, [node]) if node else None,
                             felt=felt_in(G, node) if node else [], presentation=ui.presenting())
    st.plotly_chart(
        fig, key="explorer_chart", on_select="rerun", selection_mode="points", config=ui.chart_config(),
        alt="Layered graph of pain pathways from neck tissues and skin regions through nerves, roots and the "
        "trigeminocervical nucleus to thalamus and cortex. A text version follows below.",
    )
    st.caption("Shapes mark the kind of node (see the legend); "
               "dashed lines run from the cortex to where the pain is felt.")
    ui.export_controls(fig)
    ui.share_link()
    if node:
        ui.node_details(node)
    else:
        st.info("Click a node in the graph, or choose one above, to trace its path and see where its pain is felt.")


tour = ui.active_tour()
if tour:
    ui.node_details(tour.step.nodes[0])  # the tour panel above already draws this step's graph
else:
    st.fragment(_pick_and_show)()
if page:
    ui.evidence_checks(page.evidence_checks)
