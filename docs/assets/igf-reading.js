/* Reading aids, registered with the single mount point in igf.js (window.igfComponents):
   - citePreview: each citation marker shows its formatted reference in a tooltip (WAI-ARIA tooltip
     pattern: role="tooltip" referenced by aria-describedby) on hover and on keyboard focus; Esc hides
     it; the pointer can move onto it (WCAG 1.4.13). The text is the page's own reference-list entry,
     so no request is made. The tooltip is absolutely positioned: nothing else moves (no layout shift).
   - hashTarget: the claim an address's #id names is outlined, and opened if it sits in a closed tab; a
     claim the page no longer shows: the address goes on to the claim's own page.
   - copy: buttons that copy a claim's permanent link or a block of text ("Cite this page").
   - registerFilter, registerTarget: an index's filter form (registers, What changed), its choice kept in the
     address (?verdict=refuted) so a filtered list can be linked; an old link to a row goes on to its page.
   Both mount once per page view on Material's content container and delegate their events. */
(function () {
  "use strict";
  var components = window.igfComponents = window.igfComponents || {};
  var CONTENT = '[data-md-component="content"]';
  var MARKER = "a.igf-cite-ref, a.igf-ev-source";
  var TIP_ID = "igf-cite-tip";

  function tooltip() {
    var tip = document.getElementById(TIP_ID);
    if (!tip) {
      tip = document.createElement("div");
      tip.id = TIP_ID;
      tip.className = "igf-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function fill(tip, entry) {
    tip.textContent = "";
    var text = entry.querySelector(".igf-ref-text");
    var p = document.createElement("p");
    p.className = "igf-tip-ref";
    p.appendChild((text || entry).cloneNode(true));
    tip.appendChild(p);
    var more = entry.querySelector("a.igf-ref-more");
    if (more) { /* identifiers (DOI, PubMed) and what was checked are on the source's own page */
      var q = document.createElement("p");
      q.className = "igf-tip-links";
      var link = document.createElement("a");
      link.href = more.href;
      link.textContent = "Source details and links";
      link.tabIndex = -1; /* a tooltip takes no focus; keyboard users follow the marker to the list */
      q.appendChild(link);
      tip.appendChild(q);
    }
  }

  /* The id a marker points to on this page (instant navigation rewrites hrefs to absolute URLs). */
  function fragment(a) {
    var url = new URL(a.href, window.location.href);
    return url.pathname === window.location.pathname ? decodeURIComponent(url.hash.slice(1)) : "";
  }

  function place(tip, marker) {
    var r = marker.getBoundingClientRect();
    var width = Math.min(448, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - tip.offsetWidth - 8));
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight && r.top - tip.offsetHeight - 6 > 0) {
      top = r.top - tip.offsetHeight - 6;
    }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  components.citePreview = {
    selector: CONTENT,
    mount: function (root) {
      var tip = tooltip();
      var current = null;
      var hideTimer = 0;

      function hide() {
        window.clearTimeout(hideTimer);
        if (current) current.removeAttribute("aria-describedby");
        current = null;
        tip.hidden = true;
        document.removeEventListener("keydown", onKey, true);
      }
      function show(marker) {
        window.clearTimeout(hideTimer);
        if (current === marker) return;
        var entry = document.getElementById(fragment(marker));
        if (!entry) return;
        if (current) current.removeAttribute("aria-describedby");
        fill(tip, entry);
        current = marker;
        marker.setAttribute("aria-describedby", TIP_ID);
        tip.hidden = false;
        place(tip, marker);
        document.addEventListener("keydown", onKey, true);
      }
      function later() {
        window.clearTimeout(hideTimer);
        hideTimer = window.setTimeout(hide, 300);
      }
      function onKey(event) {
        if (event.key === "Escape" || event.key === "Esc") {
          event.stopPropagation();
          hide();
        }
      }
      function markerOf(event) {
        return event.target.closest ? event.target.closest(MARKER) : null;
      }
      function onOver(event) {
        var m = markerOf(event);
        if (m) show(m);
      }
      function onOut(event) {
        if (markerOf(event) && !(event.relatedTarget && tip.contains(event.relatedTarget))) later();
      }
      function onFocusIn(event) {
        var m = markerOf(event);
        if (m) show(m);
      }
      function onFocusOut(event) {
        if (markerOf(event)) hide();
      }
      function onTipEnter() { window.clearTimeout(hideTimer); }
      function onClick(event) {
        if (markerOf(event)) hide();
      }

      var listeners = [[root, "mouseover", onOver], [root, "mouseout", onOut], [root, "focusin", onFocusIn],
        [root, "focusout", onFocusOut], [root, "click", onClick], [tip, "mouseenter", onTipEnter],
        [tip, "mouseleave", later]];
      listeners.forEach(function (l) { l[0].addEventListener(l[1], l[2]); });
      return function () {
        hide();
        listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2]); });
      };
    }
  };

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "igf-offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  /* The element an address's #id names. A claim reached by one of its old ids is outlined (the alias
     anchor is an empty span inside the claim, so :target alone outlines nothing). A claim inside a closed
     content tab gets its tab (and any enclosing tab) opened and is scrolled to: the browser does not
     scroll to an element that is not displayed. Without JavaScript such a claim stays in its closed tab. */
  function openTabs(el) {
    var opened = false;
    for (var block = el.closest(".tabbed-block"); block; block = block.parentElement.closest(".tabbed-block")) {
      var index = Array.prototype.indexOf.call(block.parentElement.children, block);
      var input = block.closest(".tabbed-set").querySelectorAll(":scope > input")[index];
      if (input && !input.checked) {
        input.checked = true;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        opened = true;
      }
    }
    return opened;
  }

  /* An address naming a claim this page no longer shows (it moved to a companion page, say) goes on to the
     claim's own page when there is one: claims/<id>/, beside the page of any claim this page links to. */
  function followMovedClaim(id) {
    var claimLink = document.querySelector(CONTENT + ' a.igf-permalink[href], ' + CONTENT + ' a.igf-cert[href]');
    if (!claimLink || !/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id)) return;
    var url = new URL("../" + id + "/", claimLink.href);
    fetch(url, { method: "HEAD" }).then(function (response) {
      if (response.ok && decodeURIComponent(window.location.hash.slice(1)) === id) window.location.replace(url.href);
    }, function () { /* offline or a file: URL: the reader stays on this page */ });
  }

  components.hashTarget = {
    selector: CONTENT,
    mount: function () {
      function show() {
        document.querySelectorAll(".igf-alias-target").forEach(function (el) { el.classList.remove("igf-alias-target"); });
        var id = decodeURIComponent(window.location.hash.slice(1));
        var anchor = id ? document.getElementById(id) : null;
        if (!anchor) return id && followMovedClaim(id);
        if (anchor.classList.contains("igf-alias") && anchor.parentElement) {
          anchor.parentElement.classList.add("igf-alias-target");
        }
        if (openTabs(anchor)) (anchor.classList.contains("igf-alias") ? anchor.parentElement : anchor).scrollIntoView();
      }
      show();
      window.addEventListener("hashchange", show);
      return function () { window.removeEventListener("hashchange", show); };
    }
  };

  /* A claim's copy-link button is made here, not sent in the page (it needs JavaScript anyway): it copies
     the claim's permalink on a card, its certainty badge's link in running text, or the statement's link
     in a register row; a card gets a labelled button, the others an icon shown on hover and focus. */
  function addCopyLinks(root) {
    root.querySelectorAll("[data-claim]").forEach(function (claim) {
      var link = claim.querySelector("a.igf-permalink") || claim.querySelector("a.igf-cert") || claim.querySelector("a[href]");
      if (!link || claim.querySelector("button.igf-copy-link")) return;
      var holder = claim.querySelector(".igf-card-links");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "igf-copy igf-copy-link" + (holder ? "" : " igf-copy-icon");
      button.setAttribute("data-copy-href", link.getAttribute("href"));
      button.title = "Copy a permanent link to this claim";
      button.setAttribute("aria-label", "Copy link to claim " + claim.getAttribute("data-claim"));
      if (holder) button.textContent = "Copy link";
      (holder || claim).appendChild(button);
    });
  }

  components.copy = {
    selector: CONTENT,
    mount: function (root) {
      addCopyLinks(root);
      var buttons = root.querySelectorAll("button.igf-copy[hidden]");
      buttons.forEach(function (b) { b.hidden = false; });
      var status = document.createElement("span");
      status.className = "igf-offscreen";
      status.setAttribute("role", "status");
      root.appendChild(status);
      var timers = [];

      function onClick(event) {
        var button = event.target.closest ? event.target.closest("button.igf-copy") : null;
        if (!button) return;
        var text;
        if (button.hasAttribute("data-copy-href")) {
          text = new URL(button.getAttribute("data-copy-href"), window.location.href).href;
        } else {
          var source = document.getElementById(button.getAttribute("data-copy-target"));
          text = source ? source.textContent.trim() : "";
        }
        if (!text) return;
        copyText(text).then(function () {
          button.setAttribute("data-copied", text);
          button.classList.add("igf-copied");
          status.textContent = button.hasAttribute("data-copy-href") ? "Link copied" : "Copied";
          timers.push(window.setTimeout(function () {
            button.classList.remove("igf-copied");
            status.textContent = "";
          }, 2000));
        }, function () {
          status.textContent = "Copying failed; select the text and copy it by hand";
        });
      }
      root.addEventListener("click", onClick);
      return function () {
        root.removeEventListener("click", onClick);
        timers.forEach(window.clearTimeout);
        if (status.parentNode) status.parentNode.removeChild(status);
      };
    }
  };
  components.registerFilter = {
    selector: "form[data-igf-filter]",
    mount: function (form) {
      var rows = document.querySelectorAll(".igf-index tbody tr, .igf-index > li");
      var fields = Array.prototype.filter.call(form.elements, function (el) { return el.name; });
      var count = form.querySelector("output");
      // each table with what goes with it on the claims register: its topic's count line and heading
      var groups = Array.prototype.map.call(document.querySelectorAll(".igf-table-wrap"), function (wrap) {
        var group = {wrap: wrap, els: [wrap], count: null}, line = wrap.previousElementSibling;
        if (line && line.matches(".igf-register-topic")) {
          group.els.push(line);
          group.count = line.firstChild;  // "86 claims · ", before the topic page's link
          group.total = group.count.nodeValue;
          var heading = line.previousElementSibling;
          if (heading && heading.matches("h2[id]")) {
            group.els.push(heading);
            document.querySelectorAll('.md-nav--secondary a[href="#' + heading.id + '"]').forEach(function (entry) {
              group.els.push(entry.closest("li"));  // its entries in the table of contents (sidebar and drawer)
            });
          }
        }
        return group;
      });
      function apply() {
        var shown = 0;
        var wanted = fields.filter(function (el) { return el.value; });
        rows.forEach(function (row) {
          var ok = wanted.every(function (el) {  // a value among the row's (a change can be of several kinds)
            return (row.getAttribute("data-" + el.name) || "").split(" ").indexOf(el.value) >= 0;
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        groups.forEach(function (group) {  // a topic the filter empties goes, heading and all; the rest say how many they show
          var all = group.wrap.querySelectorAll("tbody tr").length;
          var seen = group.wrap.querySelectorAll("tbody tr:not([hidden])").length;
          group.els.forEach(function (el) { el.hidden = !seen; });
          if (group.count) group.count.nodeValue = (seen < all ? seen + " of " : "") + group.total;
        });
        count.textContent = shown + " of " + rows.length + " shown";
      }
      function change() {  // the choice goes into the address (?verdict=refuted), so it can be linked
        var params = new URLSearchParams(location.search);
        fields.forEach(function (el) { if (el.value) params.set(el.name, el.value); else params.delete(el.name); });
        var query = String(params);
        history.replaceState(history.state, "", location.pathname + (query && "?" + query) + location.hash);
        apply();
      }
      var linked = new URLSearchParams(location.search);
      fields.forEach(function (el) { if (linked.has(el.name)) el.value = linked.get(el.name); });  // unknown: "all"
      form.hidden = false;
      form.addEventListener("change", change);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      apply();
      return function () { form.removeEventListener("change", change); };
    }
  };

  components.registerTarget = {
    selector: "form[data-igf-filter]",
    mount: function () {
      var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var row = el && el.closest(".igf-index tbody tr");
      var link = row && row.querySelector("a[href]");
      if (link) location.replace(link.href);  // an old register anchor: the item's own page
    }
  };
})();
