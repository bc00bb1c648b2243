"""The head map: its drawing is valid and sensible, and the SVG marks, labels and exposes every region."""

from __future__ import annotations

import base64
import re
import shutil
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import pytest
from shapely import make_valid, unary_union
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from explorer.graph import short_label
from explorer.headmap import (
    CHOSEN_STATE,
    FONT_PX,
    LabelBox,
    head_svg,
    label_boxes,
    legend_img,
    legend_items,
    legend_svg,
    with_legend,
)
from explorer.load import KnowledgeBase, report_lines, validate
from explorer.model import HEAD_VIEWS, Basis, HeadMap, HeadView, NodeKind
from explorer.palette import BASIS_STYLE, CHOSEN, SKIN
from explorer.svgpath import bounds, contains, flatten
from explorer.textbox import ARIAL_BOLD

FIXTURES = Path(__file__).parent / "fixtures" / "head_map"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def head(kb: KnowledgeBase) -> HeadMap:
    assert kb.head_map is not None, "data/head_map.yaml was not loaded"
    return kb.head_map


@pytest.fixture(scope="module")
def labels(kb: KnowledgeBase) -> dict[str, str]:
    return {n.id: short_label(n.model_dump()) for n in kb.nodes.values() if n.kind is NodeKind.REGION}


def _regions(kb: KnowledgeBase) -> set[str]:
    return {n.id for n in kb.nodes.values() if n.kind is NodeKind.REGION}


# --- the data ------------------------------------------------------------------------------------


def test_real_head_map_is_valid_and_draws_every_region(kb: KnowledgeBase, head: HeadMap) -> None:
    assert [e for e in validate() if "head_map" in e.file] == []
    drawn = {s.region for view in head.views.values() for s in view.regions}
    assert drawn == _regions(kb)


# Which regions a person sees in each view (the side view shows the right side, facing right).
SEEN = {
    "front": {"vertex_region", "frontal_region", "temporal_region", "orbital_region", "face_region", "jaw_region",
              "ear_region", "neck_region", "shoulder_arm_region"},
    "side": None,  # every region
    "back": {"vertex_region", "parietal_region", "occipital_region", "retroauricular_region", "ear_region",
             "suboccipital_region", "neck_region", "shoulder_arm_region"},
}


@pytest.mark.parametrize("view", HEAD_VIEWS)
def test_each_view_draws_the_regions_a_person_would_see_there(kb: KnowledgeBase, head: HeadMap, view: str) -> None:
    assert {s.region for s in head.views[view].regions} == (SEEN[view] or _regions(kb))


EDGE = 0.5  # drawing units


def _polys(view: HeadView) -> dict[str, list[list[tuple[float, float]]]]:
    return {s.region: [p for d in s.paths for p in flatten(d)] for s in view.regions}


def _area(polys: list[list[tuple[float, float]]]) -> BaseGeometry:
    """The filled area of flattened subpaths (SVG's non-zero rule, as `contains` reads it).

    For subpaths that do not nest, non-zero filling is their union. A subpath inside another one could
    be a hole (opposite winding), which this does not model, so it is refused rather than misread.
    """
    shapes = [make_valid(Polygon(poly)) for poly in polys if len(poly) >= 3]
    for a, b in combinations(shapes, 2):
        assert not (a.contains(b) or b.contains(a)), "nested subpaths (holes?) are not handled by _area"
    return unary_union(shapes)


@pytest.mark.parametrize("view", HEAD_VIEWS)
def test_regions_lie_on_the_skin_without_overlapping(head: HeadMap, view: str) -> None:
    drawing = head.views[view]
    skin = _area(flatten(drawing.outline))
    areas = {region: _area(polys) for region, polys in _polys(drawing).items()}
    # A point closer than EDGE to a border may fall either side of it, as curves are flattened into
    # short chords: two regions clash where they share ground deeper than EDGE inside both, and a
    # region is off the skin where it reaches farther than EDGE outside it.
    inner = {region: area.buffer(-EDGE) for region, area in areas.items()}
    clashes = [(a, b) for a, b in combinations(sorted(areas), 2) if inner[a].intersects(inner[b])]
    near_skin = skin.buffer(EDGE)
    off_skin = [region for region, area in sorted(areas.items()) if not area.difference(near_skin).is_empty]
    assert not clashes, f"regions overlapping each other: {clashes}"
    assert not off_skin, f"regions reaching off the skin: {off_skin}"


@pytest.mark.parametrize("view", HEAD_VIEWS)
def test_every_anchor_is_inside_its_own_region(head: HeadMap, view: str) -> None:
    for region, polys in _polys(head.views[view]).items():
        anchor = next(s.anchor for s in head.views[view].regions if s.region == region)
        assert contains(polys, anchor), f"{view}: the anchor of {region} is outside it"


def _centre(head: HeadMap, view: str, region: str) -> tuple[float, float]:
    x0, y0, x1, y1 = bounds(_polys(head.views[view])[region])
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_regions_sit_where_a_person_expects_them(head: HeadMap) -> None:
    c = lambda view, region: _centre(head, view, region)  # noqa: E731
    for view in HEAD_VIEWS:  # the crown is the top of every view
        tops = {s.region: bounds(_polys(head.views[view])[s.region])[1] for s in head.views[view].regions}
        assert min(tops, key=tops.__getitem__) == "vertex_region", view
    # Front: forehead above the eyes above the cheeks above the chin; temples at the sides.
    ys = [c("front", r)[1] for r in ("frontal_region", "orbital_region", "face_region", "jaw_region")]
    assert ys == sorted(ys)
    outer = lambda region: bounds(_polys(head.front)[region])[2]  # noqa: E731
    assert outer("temporal_region") > outer("orbital_region")
    # Side (facing right): the face in front of the ear, the back of the head behind it.
    ear = bounds(flatten(next(s.paths[0] for s in head.side.regions if s.region == "ear_region")))
    ear_x = (ear[0] + ear[2]) / 2
    for region in ("frontal_region", "temporal_region", "orbital_region", "face_region", "jaw_region"):
        assert c("side", region)[0] > ear_x, region
    for region in ("occipital_region", "retroauricular_region", "suboccipital_region"):
        assert c("side", region)[0] < ear_x, region
    # Back: the band below the skull lies below the back of the head and above the neck.
    assert c("back", "occipital_region")[1] < c("back", "suboccipital_region")[1] < c("back", "neck_region")[1]


@pytest.mark.parametrize("view", ["front", "side"])
def test_ear_region_has_the_ear_and_the_angle_of_the_jaw(head: HeadMap, view: str) -> None:
    shape = next(s for s in head.views[view].regions if s.region == "ear_region")
    patches = [bounds(flatten(d)) for d in shape.paths]
    assert len(patches) >= 2
    ear_top = min(p[1] for p in patches)
    assert any(p[1] > ear_top + 25 for p in patches), "no patch lower down, at the angle of the jaw"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/: the head map names the real regions, so its error tests need the real nodes."""
    from explorer.load import default_data_dir

    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def test_broken_head_map_gives_located_one_line_errors(kb: KnowledgeBase, data_copy: Path) -> None:
    shutil.copy(FIXTURES / "wrong_input.yaml", data_copy / "head_map.yaml")
    errors = [e for e in validate(data_copy) if e.file == "data/head_map.yaml"]
    not_drawn = {m.group(1) for e in errors if (m := re.fullmatch(r"region '(\w+)' is not drawn on the head map",
                                                                  e.message))}
    others = [str(e) for e in errors if "is not drawn" not in e.message]
    assert others == (FIXTURES / "expected_errors.txt").read_text(encoding="utf-8").splitlines()
    assert all("\n" not in line for line in others)
    assert not_drawn == _regions(kb) - {"orbital_region", "jaw_region", "occipital_region"}


def test_a_missing_head_map_is_named_for_each_page_that_draws_it(data_copy: Path) -> None:
    # The explorer and the map draw the head: without the file they would crash, so validate says so (issue 21).
    (data_copy / "head_map.yaml").unlink()
    lines = report_lines(validate(data_copy))
    assert lines and all("needs data/head_map.yaml, which is missing" in line for line in lines)
    assert {"where-does-it-hurt", "explorer"} <= {p for line in lines for p in ("where-does-it-hurt", "explorer")
                                                  if f"page '{p}'" in line}


# --- the SVG -------------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _region_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "region" in g.get("class", "").split()]


def _drawn_count(head: HeadMap, views: tuple[str, ...] = HEAD_VIEWS) -> int:
    return sum(len(head.views[v].regions) for v in views)


def test_interactive_svg_has_one_button_per_drawn_region(head: HeadMap, labels: dict[str, str]) -> None:
    root = _parse(head_svg(head, labels, {}, interactive=True, title="Where does it hurt?"))
    assert root.get("role") == "group" and root.get("aria-label") == "Where does it hurt?"
    buttons = [g for g in root.iter() if g.get("role") == "button"]
    assert len(buttons) == _drawn_count(head)
    for b in buttons:
        region = b.get("data-region")
        assert b.get("tabindex") == "0" and b.get("aria-pressed") == "false"
        assert b.get("aria-label") == labels[region]
        assert b.find(f"{SVG}title").text == labels[region]


def test_chosen_regions_are_pressed_filled_outlined_and_checked(head: HeadMap, labels: dict[str, str]) -> None:
    chosen = {"frontal_region", "occipital_region"}
    root = _parse(head_svg(head, labels, dict.fromkeys(chosen, CHOSEN_STATE), interactive=True))
    for g in _region_groups(root):
        pressed = g.get("data-region") in chosen
        assert g.get("aria-pressed") == ("true" if pressed else "false")
        fills = {p.get("fill") for p in g.iter(f"{SVG}path") if p.get("class") == "shape"}
        assert fills == ({CHOSEN} if pressed else {SKIN})
    checks = [p for p in root.iter(f"{SVG}path") if p.get("class") == "check"]
    views_with = sum(1 for v in head.views.values() for s in v.regions if s.region in chosen)
    assert len(checks) == 2 * views_with  # one on the drawing, one in the label, per view


@pytest.mark.parametrize("basis", list(Basis))
def test_lit_regions_use_the_basis_colour_and_pattern(head: HeadMap, labels: dict[str, str], basis: Basis) -> None:
    svg = head_svg(head, labels, {"frontal_region": basis.value})
    root = _parse(svg)
    style = BASIS_STYLE[basis]
    group = next(g for g in _region_groups(root) if g.get("data-region") == "frontal_region")
    assert {p.get("fill") for p in group.iter(f"{SVG}path") if p.get("class") == "shape"} == {style.colour}
    overlays = {p.get("fill") for p in group.iter(f"{SVG}path") if p.get("class") == "pattern"}
    if basis is Basis.PEOPLE:
        assert overlays == set() and not style.pattern
    else:
        assert style.pattern, f"{basis} has no pattern: colour would be its only cue"
        assert overlays == {f"url(#{style.pattern})"}
    ids = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert sorted(ids) == ["cross", "dots", "hatch"]  # each defined once per SVG


def test_only_lit_regions_are_labelled_unless_interactive(head: HeadMap, labels: dict[str, str]) -> None:
    states = {"frontal_region": "observed_people", "neck_region": "predicted"}
    shown = {b.region for b in label_boxes(head, labels, states)}
    assert shown == set(states)
    assert not [g for g in _parse(head_svg(head, labels, states)).iter() if g.get("role") == "button"]
    every = label_boxes(head, labels, states, interactive=True)
    assert len(every) == _drawn_count(head)


ALL_LIT = {basis: basis.value for basis in Basis}
STATE_CASES = {
    "unlit": ({}, True),
    "all-chosen": ("chosen", True),
    **{f"all-{b.value}": (b.value, False) for b in Basis},
    "mixed": ({"frontal_region": "observed_people", "orbital_region": "predicted", "vertex_region": "claimed",
               "occipital_region": "observed_animals", "neck_region": "chosen"}, False),
}


def _states(kind: dict[str, str] | str, head: HeadMap) -> dict[str, str]:
    if isinstance(kind, dict):
        return kind
    return {s.region: kind for v in head.views.values() for s in v.regions}


@pytest.mark.parametrize("views", [HEAD_VIEWS, *((v,) for v in HEAD_VIEWS)], ids=lambda v: "+".join(v))
@pytest.mark.parametrize("case", STATE_CASES)
def test_labels_never_overlap_each_other_or_the_drawing(
    head: HeadMap, labels: dict[str, str], case: str, views: tuple[str, ...]
) -> None:
    kind, interactive = STATE_CASES[case]
    states = _states(kind, head)
    boxes = label_boxes(head, labels, states, views=views, interactive=interactive)
    assert boxes or (case == "unlit" and not interactive)
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    root = _parse(head_svg(head, labels, states, views=views, interactive=interactive))
    width, height = float(root.get("width")), float(root.get("height"))
    offsets = {g.get("data-view"): _translate(g) for g in root.iter(f"{SVG}g") if g.get("class") == "view"}
    for box in boxes:
        assert box.x >= 0 and box.x + box.width <= width and box.y >= 0 and box.y + box.height <= height, box
        dx, dy = offsets[box.view]
        skin = flatten(head.views[box.view].outline)
        for px, py in _grid(box):
            assert not contains(skin, (px - dx, py - dy)), f"{box.region} label covers the drawing"
        for other in boxes:  # a leader line never runs through another label, nor across another leader
            if other is not box and other.view == box.view:
                assert not _segment_hits_box(_leader(other), box), (other.region, box.region)
                assert not _segments_cross(_leader(other), _leader(box)), (other.region, box.region)


def _translate(g: ET.Element) -> tuple[float, float]:
    m = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", g.get("transform", ""))
    assert m, g.get("transform")
    return float(m.group(1)), float(m.group(2))


def _grid(box: LabelBox, step: float = 2.0) -> list[tuple[float, float]]:
    nx, ny = int(box.width // step) + 1, int(box.height // step) + 1
    return [(box.x + min(i * step, box.width), box.y + min(j * step, box.height)) for i in range(nx) for j in range(ny)]


def _leader(box: LabelBox) -> tuple[tuple[float, float], tuple[float, float]]:
    start = (box.x + box.width if box.side == "left" else box.x, box.y + box.height / 2)
    return start, box.anchor


def _segments_cross(s: tuple[tuple[float, float], ...], t: tuple[tuple[float, float], ...]) -> bool:
    def side(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    return side(*s, t[0]) * side(*s, t[1]) < 0 and side(*t, s[0]) * side(*t, s[1]) < 0


def _segment_hits_box(seg: tuple[tuple[float, float], tuple[float, float]], box: LabelBox) -> bool:
    (x0, y0), (x1, y1) = seg
    steps = 200
    inset = 1.0  # touching an edge is fine
    return any(box.x + inset < x0 + (x1 - x0) * t / steps < box.x + box.width - inset
               and box.y + inset < y0 + (y1 - y0) * t / steps < box.y + box.height - inset for t in range(steps + 1))


@pytest.mark.parametrize("interactive", [True, False])
def test_text_is_at_least_12_px_and_never_emoji(head: HeadMap, labels: dict[str, str], interactive: bool) -> None:
    svg = head_svg(head, labels, {"frontal_region": "chosen", "jaw_region": "predicted"}, interactive=interactive)
    root = _parse(svg)
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 12 and FONT_PX >= 12
    assert float(root.get("width")) == float(root.get("viewBox").split()[2])  # natural size: 1 unit = 1 px
    assert not re.search("[\u2190-\u2bff\u2700-\u27bf\U0001f000-\U0001faff]", svg), "emoji or pictographs"


def test_labels_from_data_are_escaped(head: HeadMap) -> None:
    nasty = {"frontal_region": '<script>alert("x")</script> & co'}
    svg = head_svg(head, nasty, {"frontal_region": "chosen"}, interactive=True)
    assert "<script>" not in svg
    root = _parse(svg)
    group = next(g for g in _region_groups(root) if g.get("data-region") == "frontal_region")
    assert group.get("aria-label") == nasty["frontal_region"]
    # The lines read as the label's words, each wrapped line ending in its space (the accessible name matches).
    words = "".join(t.text or "" for t in group.iter(f"{SVG}tspan"))
    assert words == nasty["frontal_region"]


def test_same_input_gives_the_same_svg(head: HeadMap, labels: dict[str, str]) -> None:
    states = {"frontal_region": "predicted"}
    assert head_svg(head, labels, states) == head_svg(head, labels, dict(states))


def test_bad_views_and_states_are_refused(head: HeadMap, labels: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        head_svg(head, labels, {}, views=("top",))
    with pytest.raises(ValueError, match="unknown state 'observed'"):
        head_svg(head, labels, {"frontal_region": "observed"})


def test_legend_lists_present_bases_in_palette_order() -> None:
    states = {"a": "predicted", "b": "observed_people", "c": "chosen", "d": "predicted"}
    assert legend_items(states) == [Basis.PEOPLE, Basis.PREDICTED]
    assert legend_items({}) == []


@pytest.mark.parametrize("basis", list(Basis))
def test_legend_swatch_shows_colour_and_pattern(basis: Basis) -> None:
    style = BASIS_STYLE[basis]
    root = _parse(legend_svg(basis, label="seen in people"))
    assert root.get("role") == "img" and root.get("aria-label") == "seen in people"
    assert style.colour in {r.get("fill") for r in root.iter(f"{SVG}rect")}
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert patterns == ([f"legend-{style.pattern}"] if style.pattern else [])
    assert _parse(legend_svg(basis)).get("aria-hidden") == "true"
    img = _parse(legend_img(basis, label="a <b>"))
    assert img.get("alt") == "a <b>"
    assert base64.b64decode(img.get("src").split(",", 1)[1]).decode() == legend_svg(basis)


def test_a_legend_item_too_long_for_half_the_figure_gets_a_row_of_its_own(
    kb: KnowledgeBase, head: HeadMap, labels: dict[str, str]
) -> None:
    # Beside a second item, "predicted by convergence (hypothesis)" ran past the figure's edge and lost
    # "hypothesis": a prediction must always read as one.
    assert kb.wording is not None
    svg = head_svg(head, labels, {"frontal_region": "predicted"}, views=("side",), interactive=False)
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    items = [(b, kb.wording.bases[b].at(plain=False)) for b in (Basis.CLAIMED, Basis.PREDICTED)]
    root = _parse(with_legend(svg, items, font="sans-serif"))
    texts = [t for t in root if t.tag.endswith("text")]
    assert [t.text for t in texts] == [words for _, words in items]
    for t, (_, words) in zip(texts, items, strict=True):
        assert float(t.get("x", 0)) + ARIAL_BOLD.width(words, FONT_PX) <= width, words
    short = [(Basis.PEOPLE, "in people"), (Basis.CLAIMED, "claimed")]  # short words keep two columns
    xs = {t.get("x") for t in _parse(with_legend(svg, short, font="sans-serif")) if t.tag.endswith("text")}
    assert len(xs) == 2
