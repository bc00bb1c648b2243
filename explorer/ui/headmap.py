"""The head map as a Streamlit component: shows a `head_svg` figure and reports the region tapped.

One custom component (Streamlit's components v2), registered once when this module is imported.
It shows the SVG it is given (our own markup, built from data files by `explorer.headmap`; never
user text) and, when interactive, sends back the region that was clicked, tapped, or activated
with Enter or Space, as a one-run trigger value.

The figure fits its container: the views sit side by side in as many columns as keep the text
at (nearly) its natural size. Where fewer than two fit, or the container is narrower than
600 px (a phone), one view is shown at a time, large, with Front / Side / Back buttons (each
naming how many regions in it are marked) instead of a tall stack of small views.
"""

from __future__ import annotations

import streamlit as st

from explorer.palette import INK, MUTED, PAPER

__all__ = ["head_map"]

_HTML = ('<div class="hm"><div class="hm-tabs" role="group" aria-label="View" hidden></div>'
         '<div class="hm-figure"></div></div>')

_CSS = f"""
.hm {{ width: 100%; }}
.hm-tabs {{ display: flex; gap: 8px; margin: 0 0 8px 0; }}
.hm-tabs[hidden] {{ display: none; }}
.hm-tabs button {{
  flex: 1 1 0; min-height: 44px; padding: 6px 10px; font: inherit; font-size: 16px; cursor: pointer;
  color: {INK}; background: {PAPER}; border: 1px solid {MUTED}; border-radius: 8px;
  touch-action: manipulation;
}}
.hm-tabs button[aria-pressed="true"] {{ color: {PAPER}; background: {INK}; border-color: {INK}; font-weight: 700; }}
.hm-tabs button:focus-visible {{ outline: 3px solid {INK}; outline-offset: 2px; }}
.hm-figure {{ display: flex; justify-content: center; }}
.hm-figure svg {{ display: block; max-width: 100%; height: auto; touch-action: manipulation; }}
"""

# Streamlit calls the default export on every run with the latest data; the shadow root it is
# given lives as long as the widget, so handlers are installed once and kept state lives on it.
_JS = """
const NARROW = 600;      // below this width (or if two views do not fit), one view at a time
const MIN_SCALE = 0.92;  // views go side by side only while they stay at least this large
const MAX_SCALE = 1.35;  // and never grow beyond this
const GAP = 20;

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement;
  let st = root.__headmap;
  if (!st) {
    st = root.__headmap = { svg: null, active: null, refocus: null, trigger: null };
    st.wrap = root.querySelector(".hm");
    st.tabs = root.querySelector(".hm-tabs");
    st.figure = root.querySelector(".hm-figure");
    const choose = (el) => {
      if (!st.interactive) return;
      st.refocus = el.dataset.region;
      st.trigger("region", el.dataset.region);
    };
    st.figure.addEventListener("click", (e) => {
      const el = e.target.closest(".region[data-region]");
      if (el) choose(el);
    });
    st.figure.addEventListener("keydown", (e) => {
      const el = e.target.closest(".region[data-region]");
      if (el && (e.key === "Enter" || e.key === " " || e.key === "Spacebar")) {
        e.preventDefault();
        choose(el);
      }
    });
    st.tabs.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-view]");
      if (!b) return;
      st.active = b.dataset.view;
      arrange(st);
    });
    st.observer = new ResizeObserver(() => arrange(st));
    st.observer.observe(st.wrap);
  }
  st.trigger = setTriggerValue;
  st.interactive = !!data.interactive;
  if (st.svg !== data.svg || !st.figure.querySelector("svg")) {
    st.svg = data.svg;
    st.figure.innerHTML = data.svg;
    buildTabs(st);
  }
  arrange(st);
  if (st.refocus) {
    const again = st.figure.querySelector(`.region[data-region="${CSS.escape(st.refocus)}"][role="button"]`);
    st.refocus = null;
    if (again && again.closest(".view").style.display !== "none") again.focus({ preventScroll: true });
  }
  return () => { st.observer.disconnect(); delete root.__headmap; };
}

function views(st) {
  return Array.from(st.figure.querySelectorAll("svg.headmap > g.view"));
}

function buildTabs(st) {
  st.tabs.replaceChildren(...views(st).map((v) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.view = v.dataset.view;
    const marked = v.querySelectorAll(".region.is-lit, .region.is-chosen").length;
    b.textContent = marked ? `${v.dataset.title} (${marked})` : v.dataset.title;
    return b;
  }));
}

function arrange(st) {
  const svg = st.figure.querySelector("svg.headmap");
  if (!svg) return;
  const all = views(st).map((v) => ({
    v, name: v.dataset.view, x0: +v.dataset.x0, y0: +v.dataset.y0, w: +v.dataset.w, h: +v.dataset.h,
  }));
  const width = st.wrap.getBoundingClientRect().width || NARROW;
  const widest = Math.max(...all.map((d) => d.w));
  let cols = Math.max(1, Math.min(all.length, Math.floor(width / (widest * MIN_SCALE))));
  const narrow = all.length > 1 && (width < NARROW || cols < 2);
  let shown = all;
  if (narrow) {
    if (!all.some((d) => d.name === st.active)) st.active = all[0].name;
    shown = all.filter((d) => d.name === st.active);
    cols = 1;
  }
  st.tabs.hidden = !narrow;
  for (const b of st.tabs.querySelectorAll("button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === st.active));
  }
  for (const d of all) d.v.style.display = shown.includes(d) ? "" : "none";
  const rows = [];
  for (let i = 0; i < shown.length; i += cols) rows.push(shown.slice(i, i + cols));
  const rowWidth = (row) => row.reduce((s, d) => s + d.w, 0) + GAP * (row.length - 1);
  const total = Math.max(...rows.map(rowWidth));
  let y = 0;
  for (const row of rows) {
    let x = (total - rowWidth(row)) / 2;
    for (const d of row) {
      d.v.setAttribute("transform", `translate(${x - d.x0},${y - d.y0})`);
      x += d.w + GAP;
    }
    y += Math.max(...row.map((d) => d.h)) + GAP;
  }
  const height = y - GAP;
  const scale = Math.min(width / total, MAX_SCALE);
  svg.setAttribute("viewBox", `0 0 ${total} ${height}`);
  svg.setAttribute("width", String(Math.floor(total * scale)));
  svg.setAttribute("height", String(Math.floor(height * scale)));
  svg.dataset.scale = scale.toFixed(3);
}
"""

_COMPONENT = st.components.v2.component("nbtp_head_map", html=_HTML, css=_CSS, js=_JS)


def _ignore() -> None:
    """Streamlit reruns the script on a trigger anyway; the value is read from the result."""


def head_map(svg: str, *, key: str, interactive: bool, height: int | None = None) -> str | None:
    """Show a head map SVG (from `explorer.headmap.head_svg`); return the region just chosen, if any.

    `svg` must be our own markup built from data files: it is inserted as HTML. With
    `interactive`, a click, tap, Enter or Space on a region returns that region's id for the
    one run it causes; otherwise (and on every other run) the result is None. `height` fixes
    the component's height in px (default: as tall as the figure).
    """
    result = _COMPONENT(
        key=key,
        data={"svg": svg, "interactive": interactive},
        height=height if height is not None else "content",
        on_region_change=_ignore,
    )
    region = getattr(result, "region", None)
    return region if interactive and isinstance(region, str) else None
