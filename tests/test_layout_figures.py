"""The convergence view: labels keep their own boxes, edges run around them, highlights show routes."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from explorer.figures import FigureWords, convergence_figure
from explorer.graph import edge_basis, highlight, signal_graph, trace
from explorer.layout import Layout, convergence_layout, overlaps, wrap_label
from explorer.model import Basis, KnowledgeBase
from explorer.palette import BASIS_STYLE

SIZES = [(12.0, 740.0, 760.0), (18.0, 1260.0, 900.0)]


# The patients' desk view has a layout of its own, labelled by everyday names (the projector keeps the anatomy).
@pytest.fixture(scope="module", params=[(*SIZES[0], False), (*SIZES[1], False), (*SIZES[0], True)],
                ids=["desk", "present", "desk-plain"])
def layout(request: pytest.FixtureRequest, G: nx.DiGraph) -> Layout:
    font, width, height, plain = request.param
    return convergence_layout(G, font=font, max_width=width, max_height=height, plain=plain)


@pytest.fixture(scope="module")
def words(kb: KnowledgeBase) -> FigureWords:
    assert kb.wording is not None
    return FigureWords.of(kb.wording, plain=False)


def test_every_node_but_the_regions_has_a_box(G: nx.DiGraph, layout: Layout) -> None:
    drawn = set(layout.nodes)
    assert drawn == {n for n in G if G.nodes[n]["kind"] != "region"}


def test_no_two_labels_overlap(layout: Layout) -> None:
    boxes = layout.label_boxes()
    assert overlaps(b for _, b in boxes) == []


def test_labels_stay_inside_the_drawing_and_fit_the_budget(layout: Layout) -> None:
    for node, (x0, y0, x1, y1) in layout.label_boxes():
        # (a float's last digit aside: a box placed exactly at the top may come out 1e-14 above it)
        assert 0 <= x0 < x1 <= layout.width and layout.top - 1e-9 <= y0 < y1 <= layout.height, node
    budget = {12.0: (760.0, 800.0), 18.0: (1260.0, 900.0)}[layout.font]
    assert layout.width <= budget[0] and layout.height <= budget[1]


def _crosses(p: tuple[float, float], q: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether segment p-q passes through the inside of box (sampled finely; boxes are a few px tall)."""
    x0, y0, x1, y1 = box
    for i in range(1, 40):
        t = i / 40
        x, y = p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
        if x0 + 1 < x < x1 - 1 and y0 + 1 < y < y1 - 1:
            return True
    return False


def test_no_edge_runs_through_a_label(layout: Layout) -> None:
    boxes = layout.label_boxes()
    for (u, v), points in layout.edges.items():
        for p, q in itertools.pairwise(points):
            hit = [n for n, box in boxes if _crosses(p, q, box)]
            assert not hit, f"edge {u} -> {v} crosses the label of {hit}"


def test_every_signal_edge_between_drawn_nodes_is_drawn(G: nx.DiGraph, layout: Layout) -> None:
    expected = {(u, v) for u, v in signal_graph(G).edges if u in layout.nodes and v in layout.nodes}
    assert set(layout.edges) == expected


def test_sources_sit_in_bands_by_root_top_to_bottom_as_in_the_body(layout: Layout) -> None:
    assert [b.name for b in layout.bands] == ["V", "C1", "C2", "C3"]
    for above, below in zip(layout.bands, layout.bands[1:], strict=False):
        assert above.y1 <= below.y0
    for node in ("c0_c1_joint", "c2_c3_facet_joint", "supratentorial_dura", "greater_occipital_nerve"):
        box = layout.nodes[node]
        band = next(b for b in layout.bands if b.name == box.band)
        assert band.y0 <= box.box[1] and box.box[3] <= band.y1, node
    assert layout.nodes["c2_c3_facet_joint"].band == "C3"
    assert layout.nodes["supratentorial_dura"].band == "V"


def test_columns_follow_the_signal(G: nx.DiGraph, layout: Layout) -> None:
    for route in trace(G, "greater_occipital_nerve").routes:
        columns = [layout.nodes[n].column for n in route]
        assert columns == sorted(columns)


@pytest.mark.parametrize(("text", "lines"), [
    ("Trigemino|cervical complex", ("Trigemino-", "cervical", "complex")),
    ("Sterno|mastoid", ("Sterno-", "mastoid")),
    ("Greater occipital", ("Greater", "occipital")),
])
def test_labels_wrap_at_spaces_or_marked_breaks(text: str, lines: tuple[str, ...]) -> None:
    assert wrap_label(text, 12) == lines


def test_the_same_graph_always_gets_the_same_layout(G: nx.DiGraph) -> None:
    # Layouts are cached per graph object, so asking twice for G would only compare the cache with
    # itself: an equal copy is a new object and gets its layout worked out again.
    twin = nx.freeze(G.copy())
    a = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    b = convergence_layout(twin, font=12.0, max_width=740.0, max_height=760.0)
    assert a is not b, "the copy was served from the cache, so nothing was compared"
    assert (a.nodes, a.edges, a.bands, a.width, a.height) == (b.nodes, b.edges, b.bands, b.width, b.height)


# --- the figure --------------------------------------------------------------------------------


def _traces(fig: dict, prefix: str) -> list[dict]:
    return [t for t in fig["data"] if t["name"].startswith(prefix)]


def test_a_chosen_structure_draws_its_routes_bold_and_the_meeting_route_dotted(
    G: nx.DiGraph, words: FigureWords
) -> None:
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    fig = convergence_figure(G, layout, words, highlight(G, focus=["c2_c3_facet_joint"]))
    lit = _traces(fig, "edges-lit")
    partner = _traces(fig, "edges-partner")
    assert lit and partner
    assert all(t["line"]["width"] > 2 for t in lit)
    assert all(t["line"]["dash"] == "dot" for t in partner)
    labels = next(t for t in fig["data"] if t["name"] == "labels")
    focus = next(i for i, b in enumerate(sorted(layout.nodes)) if b == "c2_c3_facet_joint")
    assert labels["text"][focus].startswith("<b>")


def _segments(fig: dict, dash: str | None = None) -> int:
    """How many edges the figure draws (with this dash): each is its points, then a gap."""
    return sum(t["x"].count(None) for t in _traces(fig, "edges") if dash is None or t["line"]["dash"] == dash)


def test_each_step_is_drawn_with_the_dash_of_how_we_know_it(G: nx.DiGraph, words: FigureWords) -> None:
    # An unverified step is only claimed, whatever kind of source tells of it, and must not look
    # "shown in people" (solid).
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    fig = convergence_figure(G, layout, words)
    bases = [edge_basis(G, u, v) for u, v in layout.edges]
    assert Basis.CLAIMED in bases and Basis.ANIMALS in bases
    for basis in (Basis.PEOPLE, Basis.ANIMALS, Basis.CLAIMED):
        assert _segments(fig, BASIS_STYLE[basis].dash) == bases.count(basis), basis


def test_people_only_keeps_exactly_the_steps_shown_in_people(G: nx.DiGraph, words: FigureWords) -> None:
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    people = convergence_figure(G, layout, words, people_only=True, highlight=highlight(G, focus=["c2_c3_facet_joint"]))
    kept = sum(edge_basis(G, u, v) is Basis.PEOPLE for u, v in layout.edges)
    assert 0 < kept < len(layout.edges)
    assert _segments(people) == kept


def test_every_node_is_clickable_by_marker_and_by_label(G: nx.DiGraph, words: FigureWords) -> None:
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    fig = convergence_figure(G, layout, words)
    markers = {c for t in fig["data"] if t.get("mode") == "markers" and t["name"] != "label-targets"
               for c in t["customdata"]}
    targets = set(next(t for t in fig["data"] if t["name"] == "label-targets")["customdata"])
    assert markers == targets == set(layout.nodes)


def test_a_returned_figure_can_be_changed_without_changing_the_next(G: nx.DiGraph, words: FigureWords) -> None:
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    first = convergence_figure(G, layout, words)
    first["layout"]["shapes"].clear()
    assert convergence_figure(G, layout, words)["layout"]["shapes"]


@pytest.mark.parametrize("node", [None, "c2_c3_facet_joint", "occipital_region", "trigeminocervical_nucleus"])
def test_the_figure_is_valid_plotly_in_full(G: nx.DiGraph, words: FigureWords, node: str | None) -> None:
    # The app hands plotly the figure without validation (it costs ~20 ms a click); here it is validated.
    import plotly.graph_objects as go

    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    fig = convergence_figure(G, layout, words, highlight(G, focus=[node]) if node else None,
                             head="<svg xmlns='http://www.w3.org/2000/svg'/>")
    validated = go.Figure(fig)  # raises on any property plotly does not know
    assert len(validated.data) == len(fig["data"]) and validated.layout.images, "a trace or the head image was lost"


def test_a_claimed_step_is_dash_dotted_even_on_a_route_drawn_as_a_prediction(G: nx.DiGraph, words: FigureWords) -> None:
    layout = convergence_layout(G, font=12.0, max_width=740.0, max_height=760.0)
    claimed = {e for e in layout.edges if edge_basis(G, *e) is Basis.CLAIMED}
    h = highlight(G, focus=["frontal_region"])
    lit = highlight(G, focus=["upper_cervical_dura"])
    for chosen in (h, lit):
        fig = convergence_figure(G, layout, words, highlight=chosen)
        weak = [t for t in _traces(fig, "edges") if t["line"]["dash"] == BASIS_STYLE[Basis.CLAIMED].dash]
        drawn = sum(t["x"].count(None) for t in weak)
        assert drawn == len(claimed)
