// The convergence graph in the browser (explorer/ui/graphview.py): plotly.js draws the figure once per
// layout and audience; a click, tap, Enter or Space lights the choice at once with one Plotly.update
// of only the traces that change, marks the node (aria-current) and then tells the server.
//
// Streamlit calls the default export on every run with the latest data. The figure and every look
// (`spec`) come once per session and version; they are kept here, on the page, so later runs send
// only which look to show. The shadow root lives as long as the widget, so state lives on it.

// A choice the server has not answered within this long (a lost connection) no longer holds back what it says.
const PENDING_MS = 8000;
// A plotly click this soon after a press chosen from its box is that same press.
const PRESS_MS = 400;
const SPECS = (window.__nbtpGraphSpecs = window.__nbtpGraphSpecs || new Map());
// The head figure of each look, per figure version, as the server sent it once (null: that look has none).
const HEADS = (window.__nbtpGraphHeads = window.__nbtpGraphHeads || new Map());
const NARROW = "(max-width: 700px)";  // where the page shows a phone's list instead (frame.py's CSS)

function headsOf(version) {
  let heads = HEADS.get(version);
  if (!heads) HEADS.set(version, (heads = new Map()));
  return heads;
}

function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__nbtpPlotly) {
    window.__nbtpPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { window.__nbtpPlotly = null; reject(new Error("plotly.js did not load")); };
      document.head.appendChild(s);
    });
  }
  return window.__nbtpPlotly;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement;
  let g = root.__graphview;
  if (!g) g = root.__graphview = init(root);
  g.trigger = setTriggerValue;
  g.interactive = !!data.interactive;
  if (data.spec) SPECS.set(data.version, typeof data.spec === "string" ? JSON.parse(data.spec) : data.spec);
  const spec = SPECS.get(data.version);
  if (!spec) {
    // This page has not got this figure (the server thought it had): ask for it once.
    if (g.asked !== data.version) { g.asked = data.version; setTriggerValue("need", data.version); }
    return;
  }
  // Kept before drawing: a hidden graph draws later, with a later run's data, which has no head if sent before.
  const heads = headsOf(data.version);
  const look = data.look || "";
  if ("head" in data) heads.set(look, data.head || null);
  else if (!heads.has(look) && g.askedHead !== `${data.version}\n${look}`) {
    g.askedHead = `${data.version}\n${look}`;  // the server thinks this page has it; it has not: ask once
    setTriggerValue("need", data.version);
  }
  // A big graph's looks come one by one, each with the run that shows it (graphview.py, LOOKS_AHEAD_MAX).
  if (data.look_spec && data.look) spec.looks[data.look] = JSON.parse(data.look_spec);
  g.wrap.setAttribute("aria-label", data.label || "");
  const draw = () => loadPlotly(data.plotly).then(() => show(g, spec, data)).catch((e) => {
    g.wrap.textContent = String(e.message || e);
  });
  g.later = null;
  if (g.version === null && !root.getClientRects().length) {
    // Hidden (a phone shows a list instead): plotly.js is loaded and the graph drawn only when shown.
    g.later = draw;
    if (!g.observer) {
      g.observer = new ResizeObserver(() => {
        if (g.later && root.getClientRects().length) { const f = g.later; g.later = null; f(); }
      });
      g.observer.observe(root);
    }
  } else {
    draw();
  }
  return () => {
    if (g.observer) g.observer.disconnect();
    g.narrow.removeEventListener("change", g.onNarrow);
    document.removeEventListener("pointerup", g.onRelease, true);
    if (g.plot && window.Plotly) window.Plotly.purge(g.plot);
    delete root.__graphview;
  };
}

function init(root) {
  const g = { wrap: root.querySelector(".gv"), version: null, shown: null, pending: null, heads: new Map(),
              headShown: null };
  g.stage = g.wrap.querySelector(".gv-stage");
  g.plot = g.wrap.querySelector(".gv-plot");
  g.keys = g.wrap.querySelector(".gv-keys");
  g.keys.addEventListener("keydown", (e) => onKey(g, e));
  // The server leaves a phone's list out of the runs a wide screen's controls cause; if the window then
  // becomes phone-narrow, say so, and the run that follows draws the list.
  g.narrow = window.matchMedia(NARROW);
  g.onNarrow = (e) => { if (e.matches && g.interactive && g.trigger) g.trigger("narrow", true); };
  g.narrow.addEventListener("change", g.onNarrow);
  // A press on a node's box (its marker and label) chooses that node without plotly.js.
  // A finger may be starting to scroll: it chooses at the release, if it has not moved.
  g.stage.addEventListener("pointerdown", (e) => {
    g.press = e.button === 0 && e.isPrimary && e.pointerType !== "mouse"
      ? { x: e.clientX, y: e.clientY, id: boxAt(g, e) } : null;
  }, true);
  // A mouse chooses at the press, as a list does (a person's press lasts about 100 ms before the release).
  // The press is ours: plotly.js never sees it, so its own click handling (a hover search, then the click
  // event) does not hold up the message to the server. Off the boxes, plotly.js chooses as before.
  g.stage.addEventListener("mousedown", (e) => {
    const id = e.button === 0 ? boxAt(g, e) : null;
    if (!id) return;
    e.stopPropagation();
    g.press = null;  // a pen's press comes as a mouse press too: chosen now, not again at its release
    g.pressChosenAt = performance.now();
    choose(g, id);
  }, true);
  g.onRelease = (e) => {
    const press = g.press;  // a touch or pen press
    g.press = null;
    if (!press || !press.id || Math.abs(e.clientX - press.x) > 6 || Math.abs(e.clientY - press.y) > 6) return;
    if (boxAt(g, e) !== press.id) return;
    g.pressChosenAt = performance.now();
    choose(g, press.id);
  };
  // On the document: plotly.js lays a cover over the page while a press lasts, so the release lands there.
  document.addEventListener("pointerup", g.onRelease, true);
  g.keys.addEventListener("focusin", (e) => {
    const el = e.target.closest(".gv-node");
    if (el) rove(g, el);
  });
  return g;
}

function show(g, spec, data) {
  if (g.version !== data.version) {
    g.version = data.version;
    g.spec = spec;
    g.pending = null;
    const fig = spec.figure;
    // The images are copied: plotly.js writes each head into the layout it is given, and the spec's own
    // image must stay the whole graph's hidden one (it was overwritten, and Esc left the last head shown).
    const layout = { ...fig.layout, images: (fig.layout.images || []).map((i) => ({ ...i })),
                     clickmode: "event" };  // the highlight is ours: no plotly selection
    window.Plotly.newPlot(g.plot, fig.data.map((t) => ({ ...t })), layout, spec.config);
    g.stage.style.width = `${layout.width}px`;
    g.stage.style.height = `${layout.height}px`;
    g.plot.on("plotly_click", (ev) => {
      // The same press, already chosen from its box (a mouse at the press, a finger at the release).
      if (g.pressChosenAt && performance.now() - g.pressChosenAt < PRESS_MS) return;
      const p = (ev.points || []).find((q) => q.customdata);
      if (p) choose(g, String(p.customdata));
    });
    buildKeys(g, spec);
    g.shown = "";
    g.headShown = "";
    g.heads = headsOf(data.version);
    g.plot.dataset.look = "";
  }
  const wanted = data.look || "";
  if (g.pending !== null && performance.now() - g.pendingAt > PENDING_MS) g.pending = null;  // never answered
  if (g.pending !== null) {
    if (wanted !== g.pending) return;  // an answer to an earlier choice: the latest choice stays lit
    g.pending = null;
  }
  apply(g, wanted);
  showHead(g, wanted);
}

// One focusable, labelled box over each node (marker and label); the plot below keeps the pointer.
function buildKeys(g, spec) {
  g.keys.replaceChildren(...spec.nodes.map((n, i) => {
    const el = document.createElement("div");
    el.className = "gv-node";
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", n.name);
    el.dataset.node = n.id;
    el.dataset.index = String(i);
    el.tabIndex = -1;
    Object.assign(el.style, { left: `${n.x0}px`, top: `${n.y0}px`, width: `${n.x1 - n.x0}px`,
                              height: `${n.y1 - n.y0}px` });
    return el;
  }));
}

// The node whose box (marker and label) is under the pointer, if any.
function boxAt(g, e) {
  if (!g.spec || !g.interactive) return null;
  const r = g.stage.getBoundingClientRect();
  const x = e.clientX - r.left, y = e.clientY - r.top;
  const n = g.spec.nodes.find((b) => b.x0 <= x && x <= b.x1 && b.y0 <= y && y <= b.y1);
  return n ? n.id : null;
}

function nodeEl(g, id) {
  return g.keys.querySelector(`.gv-node[data-node="${CSS.escape(id)}"]`);
}

// Exactly one node is in the Tab order: the chosen one, or the first.
function rove(g, el) {
  for (const other of g.keys.children) other.tabIndex = -1;
  if (el && g.interactive) el.tabIndex = 0;
}

function choose(g, id) {
  if (!g.interactive || !g.spec) return;
  g.pending = id;
  g.pendingAt = performance.now();
  // Told first, lit next: Streamlit sends the choice from a zero-delay timer, so the light waits for the
  // task after it, and the message leaves before the painting (the server starts on the details sooner).
  // Its answer cannot come before that task, so it never finds the old look still shown.
  g.trigger("pick", id);
  const n = (g.chosen = (g.chosen || 0) + 1);
  setTimeout(() => { if (n === g.chosen) apply(g, id); }, 0);
}

function onKey(g, e) {
  const el = e.target.closest(".gv-node");
  if (!el || !g.interactive) return;
  const nodes = g.spec.nodes;
  const here = nodes[+el.dataset.index];
  let next = null;
  if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
    e.preventDefault();
    choose(g, here.id);
    return;
  }
  if (e.key === "Escape") {
    e.preventDefault();
    choose(g, "");
    el.focus();
    return;
  }
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    const column = nodes.filter((n) => n.column === here.column);  // sorted top to bottom
    const i = column.indexOf(here) + (e.key === "ArrowDown" ? 1 : -1);
    next = column[Math.max(0, Math.min(column.length - 1, i))];
  } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    const step = e.key === "ArrowRight" ? 1 : -1;
    const columns = [...new Set(nodes.map((n) => n.column))].sort((a, b) => a - b);
    const target = columns[columns.indexOf(here.column) + step];
    if (target !== undefined) {
      const y = (here.y0 + here.y1) / 2;
      next = nodes.filter((n) => n.column === target)
        .reduce((best, n) => (Math.abs((n.y0 + n.y1) / 2 - y) < Math.abs((best.y0 + best.y1) / 2 - y) ? n : best));
    }
  } else if (e.key === "Home" || e.key === "End") {
    next = e.key === "Home" ? nodes[0] : nodes[nodes.length - 1];
  } else {
    return;
  }
  e.preventDefault();
  e.stopPropagation();  // the arrows are ours here, not the tour's step keys
  if (next) {
    const target = nodeEl(g, next.id);
    rove(g, target);
    target.focus();
  }
}

// Show look `key` ("" is the whole graph) by painting the style of only the traces that change.
//
// Plotly.restyle with per-point arrays (marker colours, label colours) recomputes and redraws the
// whole figure, as slow as a new one (benchmarks/README.md, "graph component"). So the look is
// written into the figure's data (any later redraw by plotly shows it too) and painted straight onto
// the elements plotly drew for those traces: a few attribute writes, nothing laid out again.
function apply(g, key) {
  const spec = g.spec;
  if (!(key in spec.looks)) {
    // A big graph's look comes with the server's answer: until then the node is marked, the look kept.
    if (spec.lazy && key !== "") { mark(g, key); return; }
    key = "";
  }
  if (key === g.shown) { mark(g, key); return; }
  const was = spec.looks[g.shown] || spec.looks[""];
  const look = spec.looks[key];
  const groups = g.plot.querySelectorAll(".scatterlayer > .trace");
  const drawn = groups.length === g.plot.data.length;
  const changed = [];
  // A look made on its own numbers its edge styles in a table of its own.
  const styles = look.edge_styles || spec.edge_styles;
  const wasStyles = was.edge_styles || spec.edge_styles;
  look.edges.forEach((style, i) => {
    const now = styles[style], before = wasStyles[was.edges[i]];
    if (now !== before && JSON.stringify(now) !== JSON.stringify(before)) changed.push([i, now]);
  });
  for (const [index, v] of Object.entries(look.traces)) {
    if (JSON.stringify(v) !== JSON.stringify(was.traces[index])) changed.push([+index, v]);
  }
  for (const [index, v] of changed) {
    const trace = g.plot.data[index];
    for (const [path, value] of Object.entries(v)) setPath(trace, path, value);
    if (drawn) paint(groups[index], v);
  }
  if (!drawn) window.Plotly.redraw(g.plot);  // not as expected: let plotly draw the data as written
  g.shown = key;
  g.plot.dataset.look = key;
  mark(g, key);
  showHead(g, key);
}

// The head figure of look `key` if this page has it (it comes with the server's answer), else none:
// never the head of the previous choice beside a new one.
function showHead(g, key) {
  const image = g.heads.get(key) || null;
  const want = image ? key : "";
  if (want === g.headShown) return;
  g.headShown = want;
  const place = g.spec.figure.layout.images[0];  // where the head goes (hidden in the whole graph)
  window.Plotly.relayout(g.plot, { "images[0]": image ? { ...place, source: image, visible: true } : { ...place } });
}

function setPath(obj, path, value) {
  const parts = path.split(".");
  const last = parts.pop();
  for (const p of parts) obj = obj[p] = obj[p] || {};
  obj[last] = value;
}

// Plotly's own dash patterns (src/components/drawing: dashStyle), scaled by the line width.
function dashArray(dash, width) {
  const w = Math.max(width, 3);
  return { solid: "", dot: `${w}px,${w}px`, dash: `${3 * w}px,${3 * w}px`, longdash: `${5 * w}px,${5 * w}px`,
           dashdot: `${3 * w}px,${w}px,${w}px,${w}px`,
           longdashdot: `${5 * w}px,${2 * w}px,${w}px,${2 * w}px` }[dash] ?? dash;
}

function paint(group, v) {
  if ("line.color" in v) {
    for (const line of group.querySelectorAll("path.js-line")) {
      Object.assign(line.style, { stroke: v["line.color"], strokeOpacity: "1", strokeWidth: `${v["line.width"]}px`,
                                  strokeDasharray: dashArray(v["line.dash"], v["line.width"]) });
    }
  }
  const points = group.querySelectorAll("path.point");
  if ("marker.color" in v) {
    points.forEach((p, i) => {
      Object.assign(p.style, { fill: v["marker.color"][i], fillOpacity: "1",
                               strokeWidth: `${v["marker.line.width"][i]}px` });
    });
  }
  if ("marker.opacity" in v) points.forEach((p, i) => { p.style.opacity = String(v["marker.opacity"][i]); });
  if ("textfont.color" in v) {
    group.querySelectorAll(".textpoint text").forEach((t, i) => {
      t.style.fill = v["textfont.color"][i];
      t.style.fillOpacity = "1";
    });
  }
}

function mark(g, key) {
  let chosen = null;
  for (const el of g.keys.children) {
    if (el.dataset.node === key) { el.setAttribute("aria-current", "true"); chosen = el; }
    else el.removeAttribute("aria-current");
  }
  if (!g.keys.contains(document.activeElement) && !g.keys.contains(g.wrap.getRootNode().activeElement)) {
    rove(g, chosen || g.keys.firstElementChild);
  }
}
