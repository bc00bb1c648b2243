"""A look made on its own (explorer.figures.view_look), for graphs too big to send every look with the
figure: applied to the figure without looks, it draws what the server's figure for that choice draws."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from explorer.figures import FigureWords, apply_look, convergence_figure, head_image, view_look, view_spec
from explorer.graph import highlight
from tests.test_graphview import _drawn, world  # noqa: F401  (world: the fixture)


@pytest.mark.parametrize("people_only", [False, True])
def test_a_look_made_on_its_own_draws_what_the_server_figure_draws(world: tuple[Any, Any, FigureWords],  # noqa: F811
                                                                   people_only: bool) -> None:
    G, layout, words = world
    spec = view_spec(G, layout, words, {}, people_only=people_only)
    assert list(spec["looks"]) == [""]  # the figure alone: no per-node looks
    for n in sorted(G)[:: max(1, len(G) // 12)]:
        lit = highlight(G, focus=[n], people_only=people_only)
        look = view_look(G, layout, lit, people_only=people_only)
        fig = copy.deepcopy(spec["figure"])
        apply_look(fig, look["edge_styles"], look)
        fig["layout"]["images"] = [head_image(layout, None)]
        assert _drawn(fig) == _drawn(convergence_figure(G, layout, words, lit, people_only=people_only)), n


def test_a_look_is_the_same_made_alone_or_with_the_figure(world: tuple[Any, Any, FigureWords]) -> None:  # noqa: F811
    G, layout, words = world
    n = sorted(G)[0]
    spec = view_spec(G, layout, words, {n: highlight(G, focus=[n])})
    alone = view_look(G, layout, highlight(G, focus=[n]))
    assert alone["traces"] == spec["looks"][n]["traces"]
    assert [alone["edge_styles"][i] for i in alone["edges"]] == \
        [spec["edge_styles"][i] for i in spec["looks"][n]["edges"]]
