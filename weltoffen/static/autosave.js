// Autosave helpers for the self-check pages (loaded only there, no inline script).
// - An answer counts as unsaved from the moment it is changed until the server
//   acknowledges it; answers still unsaved when the page is left are sent with
//   navigator.sendBeacon, so nothing given in the last moment is lost.
// - A save that failed (network or server error) is shown as "not saved" and sent
//   again after a short wait; while one has failed, leaving the page asks first.
// - A refused answer (4xx) keeps its value in the field; the server's message is
//   shown beside the question.
(function () {
  "use strict";
  var unsaved = new Set();
  var failed = new Set();
  var RETRY_MS = 3000;

  function autosaveOf(node) {
    return node && node.closest ? node.closest("[data-autosave]") : null;
  }

  function statusOf(elt) {
    var target = elt.getAttribute("hx-target");
    return target ? document.querySelector(target) : null;
  }

  document.addEventListener("input", function (event) {
    var elt = autosaveOf(event.target);
    if (elt) unsaved.add(elt);
  }, true);

  function onError(event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-autosave")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 400 && status < 500) {
      unsaved.delete(elt);
      return;
    }
    failed.add(elt);
    var form = elt.closest("form");
    var note = statusOf(elt);
    if (note && form) {
      note.textContent = form.getAttribute("data-unsaved-message") || "…";
      note.classList.add("autosave-status--error");
    }
    window.setTimeout(function () {
      if (failed.has(elt)) htmx.trigger(elt, "input");
    }, RETRY_MS);
  }

  document.addEventListener("htmx:sendError", onError);
  document.addEventListener("htmx:responseError", onError);
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-autosave")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.detail.successful || (status >= 400 && status < 500)) {
      unsaved.delete(elt);
      failed.delete(elt);
      var note = statusOf(elt);
      if (note && event.detail.successful) note.classList.remove("autosave-status--error");
    }
  });

  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) return;
    unsaved.forEach(function (elt) {
      var form = elt.closest("form");
      if (form) navigator.sendBeacon(elt.getAttribute("hx-post"), new FormData(form));
    });
    unsaved.clear();
  });

  window.addEventListener("beforeunload", function (event) {
    if (failed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
