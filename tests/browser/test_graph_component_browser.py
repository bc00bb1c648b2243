"""The convergence graph component (explorer/ui/graphview.py) in a real browser: chosen with the keyboard
alone, and a click lit and marked in the browser before the server has answered."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from explorer.load import load_knowledge_base
from explorer.text import short_name
from tests.browser import conftest
from tests.browser.helpers import click_graph_node, no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, on NBTP_TEST_PORT when set (a machine that allows only some ports), else a free port."""
    port = os.environ.get("NBTP_TEST_PORT")
    free_port = conftest._free_port
    if port:
        conftest._free_port = lambda: int(port)
    try:
        with conftest.running_app(Path(tmp_path_factory.mktemp("graphview"))) as url:
            yield url
    finally:
        conftest._free_port = free_port


def _open_explorer(page: Page, server: str, query: str = "") -> None:
    open_app(page, f"{server}/explorer{query}")
    page.wait_for_function("() => { const g = document.querySelector('.gv-plot');"
                           " return g && g._fullData && g.dataset.look !== undefined; }", timeout=30_000)


# Counts the figures plotly draws from scratch from now on (a look applied to the drawn one is not counted).
_COUNT_NEW_PLOTS = """() => { window.__drawn = 0; const draw = Plotly.newPlot;
                              Plotly.newPlot = (...a) => { window.__drawn += 1; return draw(...a); }; }"""


def _details_heading(page: Page, name: str) -> None:
    details = page.locator(".st-key-details")
    expect(details.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=15_000)


def test_a_node_is_chosen_with_the_keyboard_alone(page: Page, server: str) -> None:
    _open_explorer(page, server)
    for _ in range(80):  # Tab from the top of the page until the graph has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement?.closest('.gv-keys')"):
            break
    else:
        pytest.fail("80 Tab presses never reached the graph")
    first = page.evaluate("() => document.activeElement.dataset.node")
    assert first == page.evaluate("() => document.querySelector('.gv-node').dataset.node")  # nothing chosen yet
    page.keyboard.press("ArrowDown")
    below = page.evaluate("() => document.activeElement.dataset.node")
    assert below != first
    page.keyboard.press("ArrowRight")  # into the next column, the row nearest
    chosen = page.evaluate("() => document.activeElement.dataset.node")
    name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    label = name.split(",")[0]
    assert chosen not in (first, below)
    page.keyboard.press("Enter")
    expect(page.locator(f".gv-node[data-node='{chosen}']")).to_have_attribute("aria-current", "true")
    wait_idle(page)
    _details_heading(page, label)
    assert f"node={chosen}" in page.url
    no_exception(page)
    # Esc goes back to the whole graph; Tab then returns to the chosen node's place in the order.
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(page.locator(".gv-node[aria-current='true']")).to_have_count(0)
    expect(page.get_by_text("Click a structure in the graph")).to_be_visible()
    assert "node=" not in page.url
    # ... and the head figure of the node left goes too
    assert page.evaluate("() => document.querySelector('.gv-plot').layout.images[0].visible") is False


# Is node `id` lit? The plot's look, its data (every style value of the look written in), and the chosen
# node's larger marker painted visible.
_LIT_JS = """(id) => {
  const gd = document.querySelector('.gv-plot');
  const spec = [...window.__nbtpGraphSpecs.values()].pop();
  const groups = gd.querySelectorAll('.scatterlayer > .trace');
  const get = (obj, path) => path.split('.').reduce((o, p) => o && o[p], obj);
  const data = Object.entries(spec.looks[id].traces).every(([i, v]) =>
    Object.entries(v).every(([path, value]) => JSON.stringify(get(gd.data[+i], path)) === JSON.stringify(value)));
  const kind = gd.data.find(t => (t.customdata || []).includes(id) && !t.name.startsWith('label'));
  const ring = gd.data.findIndex(t => t.name === 'chosen-' + kind.name);
  const point = groups[ring].querySelectorAll('path.point')[kind.customdata.indexOf(id)];
  return {look: gd.dataset.look, data, ring: point.style.opacity};
}"""


def test_a_click_is_marked_and_lit_before_the_server_answers(page: Page, server: str) -> None:
    # Hold every message the page sends on its websocket until released: the server cannot answer.
    page.add_init_script("""
      const send = WebSocket.prototype.send;
      window.__held = [];
      WebSocket.prototype.send = function (msg) {
        if (window.__hold) { window.__held.push([this, msg]); return; }
        return send.call(this, msg);
      };
      window.__release = () => {
        window.__hold = false;
        for (const [ws, m] of window.__held.splice(0)) send.call(ws, m);
      };
    """)
    _open_explorer(page, server)
    page.evaluate(_COUNT_NEW_PLOTS)
    page.evaluate("() => { window.__hold = true; }")
    click_graph_node(page, "c2_c3_facet_joint", chart_index=0)
    marked = page.locator(".gv-node[data-node='c2_c3_facet_joint']")
    expect(marked).to_have_attribute("aria-current", "true", timeout=2_000)
    lit = page.evaluate(_LIT_JS, "c2_c3_facet_joint")
    assert lit == {"look": "c2_c3_facet_joint", "data": True, "ring": "1"}
    assert page.evaluate("() => window.__held.length") >= 1  # the choice is waiting to be sent
    expect(page.get_by_text("Click a structure in the graph")).to_be_visible()  # the server has not answered
    assert "node=" not in page.url
    page.evaluate("() => window.__release()")
    wait_idle(page)
    _details_heading(page, "C2–C3 facet joint")
    assert "node=c2_c3_facet_joint" in page.url
    # The server's answer restyled the plot already drawn: the graph kept its place in the page, so it
    # was neither mounted nor plotted again.
    assert page.evaluate("() => window.__drawn") == 0
    no_exception(page)


def test_a_window_made_phone_narrow_after_a_click_gets_the_phone_list(page: Page, server: str) -> None:
    # A click on the graph reruns only the graph and its details, not the phone's list above them (a wide
    # screen hides it), so the list still shows the old choice; the component says when the window becomes
    # phone-narrow, and the page runs again: the list shows the structure clicked.
    _open_explorer(page, server)
    click_graph_node(page, "c2_c3_facet_joint", chart_index=0)
    wait_idle(page)
    _details_heading(page, "C2–C3 facet joint")
    phone_list = page.locator(".st-key-phone_picker")
    expect(phone_list.get_by_role("radio", checked=True)).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 844})
    pill = short_name(load_knowledge_base().nodes["c2_c3_facet_joint"].model_dump(), plain=False)
    expect(phone_list.get_by_role("radio", name=pill, checked=True)).to_be_visible(timeout=15_000)
    expect(page.locator(".st-key-phone_only svg.headmap")).to_be_visible()
    no_exception(page)


def test_a_tour_step_is_a_look_of_the_same_figure(page: Page, server: str) -> None:
    open_app(page, f"{server}/explorer?tour=c2-c3-to-forehead&step=1")
    page.wait_for_function("() => { const g = document.querySelector('.gv-plot'); return g && g._fullData; }",
                           timeout=30_000)
    expect(page.locator(".gv-plot")).to_have_attribute("data-look", "1")
    page.evaluate(_COUNT_NEW_PLOTS)
    page.keyboard.press("PageDown")
    expect(page.locator(".gv-plot")).to_have_attribute("data-look", "2", timeout=15_000)
    # The next step restyled the plot already drawn; it was not drawn again from a new figure.
    assert page.evaluate("() => window.__drawn") == 0
    no_exception(page)


def test_on_a_phone_the_hidden_graph_loads_no_plotly(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_app(page, f"{server}/explorer?node=c2_c3_facet_joint")
    expect(page.locator(".st-key-graph_pane")).to_be_hidden()
    _details_heading(page, "C2–C3 facet joint")
    page.wait_for_timeout(1_000)
    # The phone shows a list instead of the graph: the 4.8 MB of plotly.js is not fetched for nothing.
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    no_exception(page)
    context.close()


def test_a_big_graph_gets_each_look_with_the_answer(page: Page, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Above graphview.LOOKS_AHEAD_MAX nodes the figure comes without its looks (they grow with the square
    # of the graph); here the limit is 0, so the real graph goes that way. A click marks the node at once
    # and lights it when its look comes with the server's answer.
    with conftest.running_app(Path(tmp_path_factory.mktemp("lazy")), env={"NBTP_LOOKS_AHEAD_MAX": "0"}) as url:
        _open_explorer(page, url)
        assert page.evaluate("() => Object.keys([...window.__nbtpGraphSpecs.values()].pop().looks)") == [""]
        click_graph_node(page, "c2_c3_facet_joint", chart_index=0)
        expect(page.locator(".gv-node[data-node='c2_c3_facet_joint']")).to_have_attribute("aria-current", "true")
        expect(page.locator(".gv-plot")).to_have_attribute("data-look", "c2_c3_facet_joint", timeout=15_000)
        assert page.evaluate(_LIT_JS, "c2_c3_facet_joint") == {"look": "c2_c3_facet_joint", "data": True,
                                                                "ring": "1"}
        wait_idle(page)
        _details_heading(page, "C2–C3 facet joint")
        no_exception(page)


def test_a_mouse_press_on_a_label_chooses_its_node_once(page: Page, server: str) -> None:
    # A press on a node's box (here its label, away from the marker) chooses the node at the press, as a
    # list does, before the release; plotly.js never sees the press, so the server hears the choice once.
    page.add_init_script("""
      const send = WebSocket.prototype.send;
      window.__sent = 0;
      WebSocket.prototype.send = function (msg) { window.__sent += 1; return send.call(this, msg); };
    """)
    _open_explorer(page, server)
    wait_idle(page)
    box = page.locator(".gv-node[data-node='c2_c3_facet_joint']").bounding_box()
    assert box
    x, y = box["x"] + box["width"] - 4, box["y"] + box["height"] / 2  # the label's far end
    page.mouse.move(x, y)
    page.evaluate("() => { window.__sent = 0; }")
    page.mouse.down()
    marked = page.locator(".gv-node[data-node='c2_c3_facet_joint']")
    expect(marked).to_have_attribute("aria-current", "true", timeout=2_000)  # the button is still held
    page.mouse.up()
    wait_idle(page)
    _details_heading(page, "C2–C3 facet joint")
    page.wait_for_timeout(600)  # plotly.js would report its own click within this
    assert page.evaluate("() => window.__sent") == 1, "the choice went to the server more than once"
    assert "node=c2_c3_facet_joint" in page.url
    no_exception(page)


def test_a_tap_on_a_tablet_chooses_its_node_once(browser, server: str) -> None:
    # A tablet is wide enough for the graph. A finger chooses at the release; the mouse events a browser
    # makes up after a tap must not choose again, so the server hears the choice once.
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, has_touch=True)
    page = context.new_page()
    page.add_init_script("""
      const send = WebSocket.prototype.send;
      window.__sent = 0;
      WebSocket.prototype.send = function (msg) { window.__sent += 1; return send.call(this, msg); };
    """)
    _open_explorer(page, server)
    wait_idle(page)
    box = page.locator(".gv-node[data-node='c2_c3_facet_joint']").bounding_box()
    assert box
    page.evaluate("() => { window.__sent = 0; }")
    page.touchscreen.tap(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    wait_idle(page)
    _details_heading(page, "C2–C3 facet joint")
    page.wait_for_timeout(600)
    assert page.evaluate("() => window.__sent") == 1, "the tap went to the server more than once"
    assert "node=c2_c3_facet_joint" in page.url
    no_exception(page)
    context.close()
