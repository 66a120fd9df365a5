/* The interactive explainers. Each registers in window.igfComponents; igf.js mounts them from its one
   document$ subscription and runs the returned cleanup on navigation. The markup, the no-JavaScript
   fallback and the data (JSON in a data-json attribute, never executed) come from the build (macros/explainers.py).
   Listeners go on the explainer's own root only: no document or window listeners, no timers. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var components = window.igfComponents = window.igfComponents || {};

  function q(el, sel) { return el.querySelector(sel); }
  function qa(el, sel) { return Array.prototype.slice.call(el.querySelectorAll(sel)); }
  function pct(v) { return Math.round(v * 100) + "%"; }
  function checked(el, name) { var i = q(el, 'input[data-control="' + name + '"]:checked'); return i ? i.value : ""; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function s(parent, tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    parent.appendChild(n);
    return n;
  }
  function h(parent, tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    if (parent) parent.appendChild(n);
    return n;
  }
  function chart(el) { var c = clear(q(el, "svg.igf-x-chart")); s(c, "title", {}, el.dataset.svgTitle); return c; }
  function gradeText(c) { return "(" + c.grade_text + ")"; }

  // Register an explainer: setup(el, data) returns {update(event), click(event), key(event)}.
  function explainer(name, setup) {
    components[name] = {
      selector: '[data-explainer="' + name + '"]',
      mount: function (el) {
        var block = q(el, "[data-explainer-data]");
        var live = q(el, ".igf-x-live"), fallback = q(el, ".igf-x-fallback");
        if (!live || el.hasAttribute("data-mounted")) return;
        var svg = q(el, "svg.igf-x-chart");
        if (svg) el.dataset.svgTitle = q(svg, "title").textContent;
        var api = setup(el, block ? JSON.parse(block.getAttribute("data-json")) : null);
        function change(e) { api.update(e); }
        function click(e) { if (api.click) api.click(e); }
        function key(e) { if (api.key) api.key(e); }
        function submit(e) { e.preventDefault(); }
        el.addEventListener("change", change);
        el.addEventListener("click", click);
        el.addEventListener("keydown", key);
        el.addEventListener("submit", submit);
        live.hidden = false;
        if (fallback) fallback.hidden = true;
        el.setAttribute("data-mounted", "");
        api.update();
        return function () {
          el.removeEventListener("change", change);
          el.removeEventListener("click", click);
          el.removeEventListener("keydown", key);
          el.removeEventListener("submit", submit);
          el.removeAttribute("data-mounted");
        };
      }
    };
  }

  function resetRadios(el) {
    qa(el, "fieldset").forEach(function (f) { var first = q(f, "input[type=radio]"); if (first) first.checked = true; });
  }

  /* 1. The GH-IGF-1 loop: GH pulses through a day, IGF-1 made in answer, IGF-1 feeding back on GH. */
  var PULSES = [[14, .3], [17.5, .35], [20.5, .3], [23.5, 1, 1], [26, .5, 1], [28.5, .4, 1], [31.5, .3], [34.5, .3]];
  explainer("axis-loop", function (el, d) {
    var out = q(el, ".igf-x-out");
    function model(options) {
      var f = { drive: 1, night: 1, gain: 1, exo: 0 }, mix = 0, total = 0, I = 1, G = 1, E = 1;
      options.forEach(function (o) { f.drive *= o.drive; f.night *= o.night; f.gain *= o.gain; f.exo += o.exo; });
      PULSES.forEach(function (p) { total += p[1]; mix += p[1] * (p[2] ? f.night : 1); });
      mix /= total;
      // settle the loop: GH <- IGF-1 feedback, IGF-1 <- GH
      for (var i = 0; i < 100; i++) {
        G = f.drive * mix * Math.pow(I, -d.feedback);
        E = f.gain * Math.pow(G, d.response);
        I = (I + E + f.exo) / 2;
      }
      return { f: f, gh: G, own: E, igf1: I, amp: f.drive * Math.pow(I, -d.feedback) };
    }
    function selected() {
      return d.controls.map(function (c) {
        var v = checked(el, c.id);
        return c.options.filter(function (o) { return o.id === v; })[0] || c.options[0];
      });
    }
    function curve(m, cls) {
      var pts = [];
      for (var t = 12; t <= 36.01; t += 0.1) {
        var v = 0;
        PULSES.forEach(function (p) { v += p[1] * (p[2] ? m.f.night : 1) * m.amp * Math.exp(-Math.pow((t - p[0]) / 0.3, 2)); });
        pts.push((30 + (t - 12) * 11.6).toFixed(1) + "," + Math.max(14, 110 - v * 40).toFixed(1));
      }
      return { "class": cls, d: "M" + pts.join("L"), fill: "none" };
    }
    function update() {
      var opts = selected(), m = model(opts), base = model([]), c = chart(el);
      var off = opts.filter(function (o, i) { return o !== d.controls[i].options[0]; }).length;
      s(c, "rect", { x: 30 + 11 * 11.6, y: 10, width: 8 * 11.6, height: 170, "class": "igf-x-night" });
      s(c, "text", { x: 30 + 15 * 11.6, y: 22, "text-anchor": "middle", "class": "igf-x-small" }, "sleep");
      s(c, "text", { x: 32, y: 22, "class": "igf-x-small" }, "GH pulses");
      s(c, "path", curve(base, "igf-x-base"));
      s(c, "path", curve(m, "igf-x-gh"));
      var y = function (v) { return Math.max(122, 170 - v * 24).toFixed(1); };
      s(c, "text", { x: 32, y: 132, "class": "igf-x-small" }, "IGF-1");
      s(c, "line", { x1: 30, x2: 308, y1: y(1), y2: y(1), "class": "igf-x-base" });
      s(c, "line", { x1: 30, x2: 308, y1: y(m.igf1), y2: y(m.igf1), "class": "igf-x-igf" });
      ["12:00", "18:00", "00:00", "06:00", "12:00"].forEach(function (t, i) {
        s(c, "text", { x: 30 + i * 69.6, y: 186, "text-anchor": "middle", "class": "igf-x-small" }, t);
      });
      var why = off > 1 ? "Several settings act together; set one at a time to see what each does."
        : m.f.exo > 0 ? "IGF-1 given as a drug raises the level and its feedback holds GH down, so in the model the body's own IGF-1 falls to " + pct(m.own) + ". This shows the feedback only: recombinant IGF-1 (mecasermin) is licensed only for severe primary IGF-1 deficiency in children, and regulators judged its tumour risk may be higher in people without that deficiency or when IGF-1 is pushed above normal."
        : m.f.gain < 1 ? "In the model, the liver makes less IGF-1 for the same GH, so less IGF-1 holds GH back and GH rises. In fasting GH does rise, partly for this reason; for low protein, no claim here says what GH does."
        : m.f.drive < 1 || m.f.night < 1 ? "Less GH reaches the liver, so IGF-1 falls; weaker feedback makes up only part of it."
        : "The starting point: every setting at its first option.";
      out.textContent = "Illustrative model result: GH " + pct(m.gh) + " and IGF-1 " + pct(m.igf1) + " of the starting point. " + why;
    }
    return {
      update: update,
      click: function (e) { if (e.target.closest(".igf-x-reset")) { resetRadios(el); update(); } }
    };
  });

  /* 2. Bound and free IGF-1: one hundred molecules, what is free, what the test counts, tissue IGF-1. */
  explainer("bound-free", function (el, d) {
    var out = q(el, ".igf-x-out");
    function update() {
      var c = chart(el), where = checked(el, "where") || "blood", high = checked(el, "insulin") === "high";
      var test = q(el, 'input[data-control="test"]').checked;
      var free = Math.max(1, Math.round(100 - parseFloat(d.numbers.bound.number.replace(/^\D+/, ""))));
      // illustrative: more free IGF-1, total unchanged
      if (high) free *= 2;
      if (where === "tissue") {
        [30, 130, 230].forEach(function (x, i) {
          s(c, "rect", { x: x, y: 60, width: 60, height: 40, rx: 12, "class": "igf-x-cell" });
          for (var k = 0; k < 4; k++) s(c, "circle", { cx: x + 8 + k * 15, cy: 115 + (k % 2) * 10, r: 4, "class": "igf-x-local" });
        });
        s(c, "text", { x: 160, y: 40, "text-anchor": "middle", "class": "igf-x-small" }, "cells make IGF-1 that acts on them and their neighbours");
        s(c, "text", { x: 160, y: 160, "text-anchor": "middle", "class": "igf-x-small" }, test ? "a blood test does not sample IGF-1 inside tissues" : "local IGF-1");
        out.textContent = "In a tissue, cells make IGF-1 that acts on themselves and their neighbours. " +
          (test ? "A routine blood test does not sample the IGF-1 inside tissues: it measures total IGF-1 in serum, most of it made by the liver."
            : "Serum IGF-1 is a poor guide to scalp IGF-1, the one tissue for which this is judged here.");
        return;
      }
      for (var i = 0; i < 100; i++) {
        var isFree = i >= 100 - free, x = 18 + (i % 10) * 17, y = 18 + Math.floor(i / 10) * 17;
        if (test) s(c, "circle", { cx: x, cy: y, r: 7.5, "class": "igf-x-measured" });
        s(c, "circle", { cx: x, cy: y, r: isFree ? 3.2 : 5.5, "class": isFree ? "igf-x-free" : "igf-x-bound" });
      }
      var lx = 200;
      s(c, "circle", { cx: lx, cy: 30, r: 5.5, "class": "igf-x-bound igf-x-key" });
      s(c, "text", { x: lx + 10, y: 34, "class": "igf-x-small" }, "bound (" + (100 - free) + ")");
      s(c, "circle", { cx: lx, cy: 52, r: 3.2, "class": "igf-x-free igf-x-key" });
      s(c, "text", { x: lx + 10, y: 56, "class": "igf-x-small" }, "free (" + free + (high ? ", illustrative)" : ")"));
      if (test) s(c, "text", { x: lx - 6, y: 80, "class": "igf-x-small" }, "ringed: counted by the test");
      if (d.numbers["half-life-bound"]) {
        s(c, "text", { x: lx - 6, y: 110, "class": "igf-x-small" }, "large complex: half-life");
        s(c, "text", { x: lx - 6, y: 122, "class": "igf-x-small" }, d.numbers["half-life-bound"].number);
        s(c, "text", { x: lx - 6, y: 138, "class": "igf-x-small" }, "free: cleared in minutes");
      }
      out.textContent = "Blood: about " + (100 - free) + " of 100 IGF-1 molecules are bound to binding proteins and " + free + " or fewer free (methods differ). " +
        (high ? "In obesity, high insulin suppresses IGFBP-1 and IGFBP-2 falls too, so more IGF-1 is free; the doubling drawn is illustrative, not measured, and the total stays 100. " : "") +
        (test ? "A routine test counts all 100: total IGF-1, bound and free together." : "");
    }
    return { update: update };
  });

  /* 3. The hair cycle: three phases and numbered markers, each opening its claim. */
  explainer("hair-cycle", function (el, d) {
    var out = q(el, ".igf-x-out"), list = q(el, ".igf-x-markers"), pop = q(el, ".igf-x-pop"), opener = null;
    var arcs = { anagen: [-90, 130], catagen: [130, 190], telogen: [190, 270] };
    function point(a, r) { a = a * Math.PI / 180; return [110 + r * Math.cos(a), 100 + r * Math.sin(a)]; }
    function close() {
      if (pop.hidden) return;
      pop.hidden = true;
      if (opener) { opener.setAttribute("aria-expanded", "false"); if (pop.contains(document.activeElement) || document.activeElement === opener) opener.focus(); }
    }
    function open(i, button) {
      var m = d.markers[i];
      close();
      opener = button;
      q(pop, ".igf-x-pop-title").textContent = (i + 1) + ". " + m.label;
      q(pop, ".igf-x-pop-text").textContent = m.claim.statement + " " + gradeText(m.claim) + ".";
      q(pop, ".igf-x-pop-link").href = m.claim.href;
      pop.hidden = false;
      if (button) button.setAttribute("aria-expanded", "true");
    }
    function update() {
      var phase = checked(el, "phase"), c = chart(el);
      d.phases.forEach(function (p) {
        var a = arcs[p.id] || [0, 0], p0 = point(a[0] + 2, 70), p1 = point(a[1] - 2, 70), mid = point((a[0] + a[1]) / 2, 96);
        s(c, "path", { d: "M" + p0 + "A70,70 0 " + (a[1] - a[0] > 180 ? 1 : 0) + ",1 " + p1, fill: "none",
          "class": "igf-x-arc" + (p.id === phase ? " igf-x-on" : ""), "data-phase": p.id });
        s(c, "text", { x: mid[0], y: mid[1] + 4, "text-anchor": "middle", "class": "igf-x-small" }, p.label);
        var ms = d.markers.filter(function (m) { return m.phase === p.id; });
        ms.forEach(function (m, k) {
          var at = point(a[0] + (a[1] - a[0]) * (k + 1) / (ms.length + 1), 70), i = d.markers.indexOf(m);
          var g = s(c, "g", { "class": "igf-x-dot", "data-m": i });
          s(g, "circle", { cx: at[0], cy: at[1], r: 8 });
          s(g, "text", { x: at[0], y: at[1] + 3.5, "text-anchor": "middle" }, String(i + 1));
        });
      });
      s(c, "text", { x: 110, y: 104, "text-anchor": "middle", "class": "igf-x-small" }, "not to scale");
      var p = d.phases.filter(function (x) { return x.id === phase; })[0] || d.phases[0];
      var here = d.markers.filter(function (m) { return m.phase === p.id; });
      out.textContent = p.label + ". " + p.summary + " " + (here.length ? here.length + " marked signal" + (here.length > 1 ? "s act" : " acts") + " here." : "No signal is marked here.");
      close();
      clear(list);
      here.forEach(function (m) {
        var i = d.markers.indexOf(m);
        h(h(list, "li"), "button", { type: "button", "class": "igf-x-marker", "data-m": i, "aria-expanded": "false",
          "aria-controls": pop.id }, (i + 1) + ". " + m.label);
      });
    }
    return {
      update: update,
      click: function (e) {
        var t = e.target.closest("[data-m], .igf-x-close");
        if (!t) return;
        if (t.classList.contains("igf-x-close")) return close();
        var i = +t.getAttribute("data-m"), m = d.markers[i];
        // a marker in the drawing: show its phase, then open it
        if (t.tagName !== "BUTTON") {
          var radio = q(el, 'input[data-control="phase"][value="' + m.phase + '"]');
          if (radio && !radio.checked) { radio.checked = true; update(); }
          t = q(list, '[data-m="' + i + '"]');
        }
        if (!pop.hidden && opener === t) close(); else open(i, t);
      },
      key: function (e) { if (e.key === "Escape" && !pop.hidden) { e.preventDefault(); close(); } }
    };
  });

  /* 4. The shape of risk: one curve per claim; shape from the claim's recorded association. */
  var SHAPES = {
    rising: function (x) { return 0.2 + 0.6 * x * x; },
    falling: function (x) { return 0.2 + 0.6 * (1 - x) * (1 - x); },
    u: function (x) { return 0.2 + 2.4 * (x - 0.5) * (x - 0.5); },
    "u-low": function (x) { return 0.2 + (x < 0.5 ? 2.8 : 1.4) * (x - 0.5) * (x - 0.5); },
    "u-high": function (x) { return 0.2 + (x < 0.5 ? 1.4 : 2.8) * (x - 0.5) * (x - 0.5); }
  };
  explainer("risk-shape", function (el, d) {
    var out = q(el, ".igf-x-out"), legend = q(el, ".igf-x-legend"), detail = q(el, ".igf-x-detail"), picked = -1;
    var X = function (x) { return 40 + x * 265; }, Y = function (v) { return 165 - v * 140; };
    d.curves.forEach(function (c, i) {
      h(h(legend, "li"), "button", { type: "button", "aria-pressed": "false", "data-i": i, "class": "igf-x-o" + d.outcomes.map(function (o) { return o.id; }).indexOf(c.outcome) },
        c.label + " (" + c.claim.grade_word + ")");
    });
    function update() {
      var outcome = checked(el, "outcome"), c = chart(el), shown = 0;
      s(c, "line", { x1: 40, x2: 305, y1: 168, y2: 168, "class": "igf-x-axis" });
      s(c, "line", { x1: 40, x2: 40, y1: 15, y2: 168, "class": "igf-x-axis" });
      s(c, "text", { x: 172, y: 188, "text-anchor": "middle", "class": "igf-x-small" }, "serum IGF-1: low → high");
      s(c, "text", { x: 30, y: 90, "text-anchor": "middle", transform: "rotate(-90 30 90)", "class": "igf-x-small" }, "reported risk →");
      d.curves.forEach(function (cv, i) {
        var on = !outcome || cv.outcome === outcome, pts = [];
        var lift = 0.08 * d.curves.slice(0, i).filter(function (x) { return x.shape === cv.shape; }).length;
        // same shapes drawn apart, not on top
        var f = function (x) { return SHAPES[cv.shape](x) + lift; };
        legend.children[i].hidden = !on;
        if (!on) { if (picked === i) picked = -1; return; }
        shown++;
        for (var k = 0; k <= 20; k++) pts.push(X(k / 20).toFixed(1) + "," + Y(f(k / 20)).toFixed(1));
        var o = d.outcomes.map(function (x) { return x.id; }).indexOf(cv.outcome);
        s(c, "path", { d: "M" + pts.join("L"), fill: "none", "data-i": i, "data-shape": cv.shape,
          "class": "igf-x-curve igf-x-o" + o + (picked === i ? " igf-x-on" : "") });
        var x = 0.12 + 0.76 * i / Math.max(1, d.curves.length - 1);
        s(c, "text", { x: X(x), y: Y(f(x)) - 5, "text-anchor": "middle", "class": "igf-x-small igf-x-o" + o }, cv.claim.grade_word.replace(" certainty", ""));
      });
      qa(legend, "button").forEach(function (b, i) { b.setAttribute("aria-pressed", String(i === picked)); });
      out.textContent = "Showing " + shown + " of " + d.curves.length + " associations. The word on each curve is the certainty of its evidence.";
      clear(detail);
      if (picked >= 0) {
        var cl = d.curves[picked].claim;
        detail.appendChild(document.createTextNode(cl.statement + " " + gradeText(cl) + ". "));
        h(detail, "a", { href: cl.href }, "The claim and its evidence");
      }
    }
    return {
      update: update,
      click: function (e) {
        var b = e.target.closest(".igf-x-legend button");
        if (b) { var i = +b.getAttribute("data-i"); picked = picked === i ? -1 : i; update(); }
      }
    };
  });

  /* 5. The evidence explorer: filter and sort the claims table; the state lives in the URL. A row's values are
     the words of its cells (its certainty's key, which tells people from models, is in data-grade): a filter
     keeps the rows whose cell lists its option's words between the cell's separators ("; " between articles,
     ", " elsewhere), so a title may hold either. Certainty and verdict sort in the order of their filter's
     options. Each cell is labelled for the phone layout from its column's header. */
  explainer("evidence-explorer", function (el) {
    var body = q(el, "tbody"), rows = body ? qa(body, "tr") : [], out = q(el, ".igf-x-out"), ths = qa(el, "th");
    var filters = qa(el, "select[data-filter]"), sort = q(el, "select[data-sort]"), dir = q(el, "select[data-dir]");
    var all = filters.concat([sort, dir]), params = new URLSearchParams(location.search);
    function name(sel) { return sel.getAttribute("data-filter") || (sel === sort ? "sort" : "dir"); }
    ths.forEach(function (th, i) { rows.forEach(function (row) { row.cells[i].setAttribute("data-label", th.textContent); }); });
    all.forEach(function (sel) {
      var v = params.get(name(sel));
      if (v && qa(sel, "option").some(function (o) { return o.value === v; })) sel.value = v;
    });
    function val(row, k) { return k === "grade" ? row.getAttribute("data-grade") : row.cells[q(el, '[data-col="' + k + '"]').cellIndex].textContent; }
    function has(row, f) {
      var k = name(f), v = val(row, k), s = k === "seed" ? "; " : ", ";
      return k === "grade" ? v === f.value : (s + v + s).indexOf(s + f.selectedOptions[0].text + s) >= 0;
    }
    function keyOf(row, k) {
      var v = val(row, k);
      return k === "grade" || k === "status" ? q(el, '[data-filter="' + k + '"] [value="' + v + '"]').index : v.toLowerCase();
    }
    function update(e) {
      var shown = 0, k = sort.value, sign = dir.value === "desc" ? -1 : 1, state = new URLSearchParams();
      rows.forEach(function (row) {
        var ok = filters.every(function (f) { return !f.value || has(row, f); });
        row.hidden = !ok;
        shown += ok;
      });
      rows.map(function (row, i) { return [k ? keyOf(row, k) : "", i, row]; })
        .sort(function (a, b) { return sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]); })
        .forEach(function (r) { body.appendChild(r[2]); });
      ths.forEach(function (th) {
        if (k && th.getAttribute("data-col") === k) th.setAttribute("aria-sort", sign > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      out.textContent = "Showing " + shown + " of " + rows.length + " claims.";
      if (e) {
        all.forEach(function (sel) { if (sel.value) state.set(name(sel), sel.value); });
        var qs = state.toString();
        history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      }
    }
    return {
      update: update,
      click: function (e) {
        if (!e.target.closest(".igf-x-reset")) return;
        all.forEach(function (sel) { sel.value = ""; });
        update(e);
      }
    };
  });
})();
