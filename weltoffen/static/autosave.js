// Autosave helpers for the self-check pages (loaded only there, no inline script).
// An answer whose save failed (network error, server error) is shown as "not saved"
// and sent again after a short wait; the page warns before leaving while answers
// are still unsaved. The values stay in the fields throughout.
(function () {
  "use strict";
  var pending = new Set();
  var RETRY_MS = 3000;

  function isAutosave(elt) {
    return elt && elt.hasAttribute && elt.hasAttribute("data-autosave");
  }

  function statusOf(elt) {
    var target = elt.getAttribute("hx-target");
    return target ? document.querySelector(target) : null;
  }

  function failed(event) {
    var elt = event.detail.elt;
    if (!isAutosave(elt)) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 400 && status < 500) {
      pending.delete(elt); // refused: the server's message is shown beside the question
      return;
    }
    pending.add(elt);
    var form = elt.closest("form");
    var note = statusOf(elt);
    if (note && form) {
      note.textContent = form.getAttribute("data-unsaved-message") || "…";
      note.classList.add("autosave-status--error");
    }
    window.setTimeout(function () {
      if (pending.has(elt)) htmx.trigger(elt, "input");
    }, RETRY_MS);
  }

  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (isAutosave(elt) && event.detail.successful) {
      pending.delete(elt);
      var note = statusOf(elt);
      if (note) note.classList.remove("autosave-status--error");
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isAutosave(event.detail.elt)) pending.add(event.detail.elt);
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
