"""Text boxes (explorer/textbox.py): widths, even wrapping and 1-D stacking, shared by the graph and the head map."""

from __future__ import annotations

import random
from itertools import combinations, pairwise

import pytest

from explorer.headmap import TEXT_MAX, _wrap
from explorer.layout import wrap_label
from explorer.textbox import ARIAL_BOLD, SOURCE_SANS_BOLD, even_lines, fewest_lines, stack

WORDS = ["C2", "dorsal", "root", "ganglion", "of", "the", "greater", "occipital", "nerve", "trigeminocervical", "a"]


def _narrowest_by_trying_every_break(text: str, lines: int) -> float:
    words = text.split()
    best = float("inf")
    for cuts in combinations(range(1, len(words)), min(lines, len(words)) - 1):
        parts = [" ".join(words[a:b]) for a, b in pairwise((0, *cuts, len(words)))]
        best = min(best, max(ARIAL_BOLD.width(p, 12) for p in parts))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_even_lines_are_as_narrow_as_the_best_set_of_breaks(seed: int) -> None:
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))
    lines = rng.randint(1, 4)
    width, parts = even_lines(text, ARIAL_BOLD, 12, lines)
    assert " ".join(parts) == text
    assert len(parts) == min(lines, len(text.split()))
    assert width == pytest.approx(max(ARIAL_BOLD.width(p, 12) for p in parts))
    assert width <= _narrowest_by_trying_every_break(text, lines) + 0.01


def test_a_label_of_20000_words_wraps_into_three_even_lines() -> None:
    text = " ".join(WORDS[i % len(WORDS)] for i in range(20_000))
    parts = wrap_label(text, 12)
    assert len(parts) == 3
    widths = [ARIAL_BOLD.width(p, 12) for p in parts]
    # Even: no line is wider than another by more than its longest word.
    assert max(widths) - min(widths) <= ARIAL_BOLD.width("trigeminocervical ", 12)


def test_a_long_head_map_label_fills_lines_no_wider_than_the_limit() -> None:
    text = " ".join(WORDS[i % len(WORDS)] for i in range(2_000))
    parts = _wrap(text)
    assert " ".join(parts) == text
    assert len(parts) == fewest_lines(text, SOURCE_SANS_BOLD, 13, TEXT_MAX)
    assert all(SOURCE_SANS_BOLD.width(p, 13) <= TEXT_MAX or " " not in p for p in parts)


def test_soft_breaks_show_as_hyphens_only_where_a_line_ends() -> None:
    assert wrap_label("Trigemino|cervical complex", 12) == ("Trigemino-", "cervical", "complex")
    assert even_lines("Trigemino|cervical", ARIAL_BOLD, 12, 1, soft_hyphens=True)[1] == ("Trigeminocervical",)


@pytest.mark.parametrize("seed", range(20))
def test_stacked_boxes_keep_their_order_gap_and_bounds(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 30)
    heights = [rng.uniform(5, 30) for _ in range(n)]
    wanted = sorted(rng.uniform(0, 400) for _ in range(n))
    tops = stack(wanted, heights, gap=4, lo=0, hi=2_000)
    for (t0, h0), t1 in zip(zip(tops, heights, strict=True), tops[1:], strict=False):
        assert t1 >= t0 + h0 + 4 - 1e-9
    assert tops[0] >= 0 and tops[-1] + heights[-1] <= 2_000 + 1e-9


def test_boxes_that_already_fit_stay_where_they_want_to_be() -> None:
    assert stack([0, 50, 100], [10, 10, 10], gap=5) == [0.0, 50.0, 100.0]
