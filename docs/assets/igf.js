/* One mount point for every page script: Material's document$ emits on first load and after each
   instant navigation. Each component mounts on its data- attribute and returns a cleanup function. */
(function () {
  "use strict";
  var components = window.igfComponents = window.igfComponents || {};
  var cleanups = [];

  function mountAll() {
    while (cleanups.length) {
      try { cleanups.pop()(); } catch (e) { /* a failed cleanup must not block the next page */ }
    }
    Object.keys(components).forEach(function (name) {
      var spec = components[name];
      document.querySelectorAll(spec.selector).forEach(function (el) {
        var cleanup = spec.mount(el);
        if (typeof cleanup === "function") cleanups.push(cleanup);
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else {
    document.addEventListener("DOMContentLoaded", mountAll);
  }
})();
