"""Where does it hurt? Click regions on a head-and-neck map to see which neck structures can send pain there."""

import streamlit as st

from explorer import ui
from explorer.model import Audience
from explorer.painmap import pain_map_figure, region_ids, source_rows, sources_for_regions, toggle

ui.page_setup("where-does-it-hurt")
A = ui.app()
G = A.graph
plain = ui.audience() is Audience.PATIENT

st.title("Where does it hurt?")
ui.disclaimer()
st.markdown("Click the places where you feel pain, or pick them from the list below. "
            "You will see which parts of the neck can send pain there.")

regions = region_ids(G)
chosen: list[str] = [r for r in st.session_state.get("painmap_regions", []) if r in G]

# A new click on the map toggles the clicked region(s); an empty selection (a click on empty space,
# or a second click on the same point) changes nothing.
event = st.session_state.get("painmap_chart")
points = event.selection.points if event and event.selection else []
clicked = tuple(sorted({p.get("customdata") for p in points if p.get("customdata") in G}))
if clicked != st.session_state.get("painmap_last_click"):
    st.session_state.painmap_last_click = clicked
    chosen = toggle(chosen, clicked)
st.session_state.painmap_regions = chosen
st.session_state.painmap_select = chosen


def _picked() -> None:
    st.session_state.painmap_regions = list(st.session_state.painmap_select)


st.plotly_chart(
    pain_map_figure(G, chosen),
    key="painmap_chart",
    on_select="rerun",
    selection_mode="points",
    config={"displaylogo": False, "displayModeBar": False},
    width="stretch",
)
st.caption("Circles are places you can choose; chosen places become large stars with a ✔ label. "
           "The same list is below for keyboard use.")
st.multiselect(
    "Where do you feel the pain? (type to search)",
    regions,
    key="painmap_select",
    on_change=_picked,
    format_func=lambda n: G.nodes[n]["label"],
)

if not chosen:
    st.info("Choose one or more places to see which neck structures can send pain there.")
    ui.red_flags(expanded=True)
    st.stop()

st.subheader("Neck structures that can send pain there")
grouped = sources_for_regions(G, chosen)
if grouped:
    st.table(source_rows(G, grouped, plain=plain), hide_index=True)
else:
    st.caption("No source is recorded for these places.")
ui.basis_legend()
ui.citations([k for _, refs in grouped for r in refs for k in r.references])
ui.node_link(chosen[0])
ui.red_flags(expanded=True)
