"""Where does it hurt? Tap regions on a drawing of the head; see which neck structures can send pain there."""

import streamlit as st

from explorer.graph import BASIS_ORDER, short_label
from explorer.headmap import head_svg
from explorer.mdtext import md_text
from explorer.model import Audience
from explorer.painmap import region_ids, source_rows, sources_for_regions, summary, toggle
from explorer.text import basis_words, display_name, evidence_words
from explorer.ui import panels, state
from explorer.ui.frame import page_setup, page_title, say
from explorer.ui.headmap import head_map
from explorer.ui.widgets import bring_into_view

A = page_setup("where-does-it-hurt")
G, wording = A.graph, A.kb.wording
assert wording is not None and A.kb.head_map is not None
plain = state.audience() is Audience.PATIENT

st.title(page_title("where-does-it-hurt"), anchor=False)
st.markdown(say("map.intro"))

labels = {r: short_label(G.nodes[r]) for r in region_ids(G)}
# The chosen places travel in the link (`?where=frontal_region,occipital_region`), so a view can be shared.
chosen: list[str] = state.linked(
    "painmap_regions", "where",
    parse=lambda raw: [r for r in dict.fromkeys((raw or "").split(",")) if r in labels]
    if raw is not None else list(st.session_state.get("painmap_regions", [])),
    write=lambda regions: ",".join(regions) or None,
)
svg = head_svg(A.kb.head_map, labels, dict.fromkeys(chosen, "chosen"), interactive=True,
               title=say("map.head_title"))
tapped = head_map(svg, key="painmap_head", interactive=True)
if tapped in labels:
    st.session_state.painmap_regions = toggle(chosen, [tapped])
    st.rerun()  # redraw the head with the new choice; linked() above writes it into the link
st.session_state.painmap_select = chosen


def _picked() -> None:
    st.session_state.painmap_regions = list(st.session_state.painmap_select)


st.multiselect(say("map.pick_list"), region_ids(G), key="painmap_select", on_change=_picked,
               format_func=lambda n: display_name(G.nodes[n], plain=plain))

bring_into_view(".st-key-map_result", ",".join(chosen), key="map_into_view")  # on a phone, after a tap
if not chosen:
    st.info(say("map.empty"), icon=":material/touch_app:")
    st.stop()

grouped = sources_for_regions(G, chosen)
result = st.container(key="map_result")
# Some places can hurt because of an emergency: say so, with what to do, before anything else
# (urgent sources also head the table).
assert A.kb.safety is not None
signs = {sign.id: sign for sign in A.kb.safety.urgent_signs}
for sign_id in dict.fromkeys(G.nodes[s].get("urgent_sign") for s, _ in grouped if G.nodes[s].get("urgent_sign")):
    sign = signs[sign_id]
    result.error(sign.plain if plain else sign.clinical, icon=":material/emergency:")
result.subheader(say("map.likely"), anchor=False)
likely = summary(G, grouped)
if likely:
    for item in likely:
        where = ", ".join(short_label(G.nodes[r]).lower() for r in item.regions)
        how = evidence_words(wording, item.best, plain=plain)
        with result.container(border=True):
            st.markdown(f"**{md_text(display_name(G.nodes[item.source], plain=plain))}**: "
                        f"{say('map.felt_at', where=where)}")
            st.caption(say("map.how", how=how))
            if plain:
                st.caption(G.nodes[item.source]["plain"])
else:
    result.caption(say("map.none"))
st.caption(say("map.caution"))
st.caption(say("map.out_of_scope"))  # shoulder, arm and the lower neck have no source in our references
with st.expander(say("map.show_all", count=len(grouped)),
                 icon=":material/table_rows:"):
    st.table(source_rows(G, grouped, wording, plain=plain, safety=A.kb.safety), hide_index=True)
    for basis in BASIS_ORDER:
        st.caption(f"**{basis_words(wording, basis, plain=plain)}**: {wording.bases[basis].explain.at(plain=plain)}")
    if not plain:
        panels.citations([k for _, refs in grouped for r in refs for k in r.references])
place = display_name(G.nodes[chosen[0]], plain=plain).lower()
panels.node_link(chosen[0], label=say("map.see_in_pathway", place=place))
