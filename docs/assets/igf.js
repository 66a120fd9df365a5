/* One mount point for every page script: Material's document$ emits on first load and after each
   instant navigation. Each component mounts on its data- attribute and returns a cleanup function.

   The explainers' script and styles are not part of a page's first load: they are fetched (once per visit)
   when an explainer comes within a screen or two of the viewport, then mounted like any other component. */
(function () {
  "use strict";
  var components = window.igfComponents = window.igfComponents || {};
  var cleanups = [];
  var mounted = {};
  var self = document.currentScript && document.currentScript.src;
  var base = self ? self.replace(/igf\.js(\?.*)?$/, "") : "";
  var LAZY = [{ selector: "[data-explainer]", files: ["explainers.css", "explainers.js"] }];

  function mount(name) {
    var spec = components[name];
    mounted[name] = true;
    document.querySelectorAll(spec.selector).forEach(function (el) {
      var cleanup = spec.mount(el);
      if (typeof cleanup === "function") cleanups.push(cleanup);
    });
  }

  function mountNew() {
    Object.keys(components).forEach(function (name) { if (!mounted[name]) mount(name); });
  }

  function fetchFiles(entry) {
    if (entry.requested) return;
    entry.requested = true;
    entry.files.forEach(function (file) {
      var el;
      if (/\.css$/.test(file)) {
        el = document.createElement("link");
        el.rel = "stylesheet";
        el.href = base + file;
      } else {
        el = document.createElement("script");
        el.src = base + file;
        el.onload = mountNew;
      }
      document.head.appendChild(el);
    });
  }

  function watchLazy(entry) {
    var targets = document.querySelectorAll(entry.selector);
    if (!targets.length || entry.requested) return;
    if (!("IntersectionObserver" in window) || !base) return fetchFiles(entry);
    var seen = new IntersectionObserver(function (items) {
      if (items.some(function (i) { return i.isIntersecting; })) {
        seen.disconnect();
        fetchFiles(entry);
      }
    }, { rootMargin: "1500px 0px" });
    targets.forEach(function (t) { seen.observe(t); });
    cleanups.push(function () { seen.disconnect(); });
  }

  function mountAll() {
    while (cleanups.length) {
      try { cleanups.pop()(); } catch (e) { /* a failed cleanup must not block the next page */ }
    }
    mounted = {};
    Object.keys(components).forEach(mount);
    LAZY.forEach(watchLazy);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else {
    document.addEventListener("DOMContentLoaded", mountAll);
  }
})();
