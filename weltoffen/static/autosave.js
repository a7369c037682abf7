// Autosave helpers for the pages that keep what is typed while it is typed (self-check
// answers, incident drafts; loaded only there, no inline script). The saving elements
// carry data-autosave and the hx-* attributes; they sit inside the page's form.
// - An answer counts as unsaved from the moment it is changed until the server
//   acknowledges it; answers still unsaved when the page is left are sent with
//   navigator.sendBeacon, so nothing given in the last moment is lost.
// - A save that failed (network or server error) is shown as "not saved" and sent
//   again after a short wait; while one has failed, leaving the page asks first.
// - A refused answer (422) keeps its value in the field; the server's message is
//   shown beside the question. A 409 says the server takes no more saves of it (the
//   report is saved, the self-check locked): the message is shown, autosave stops there.
// - Submitting the form ends autosaving in it, as the submission carries every value:
//   saves not sent yet are dropped, and a save still on its way is let finish before
//   the form goes, so that it can neither overwrite the submission nor answer into a
//   page that is gone (after SUBMIT_WAIT_MS the form goes anyway; loading the next
//   page cancels the save).
// - A response whose target is no longer in the page is not swapped.
(function () {
  "use strict";
  var unsaved = new Set();
  var failed = new Set();
  var stopped = new WeakSet(); // saving elements the server takes no more saves of (409)
  var closing = new WeakSet(); // forms being submitted
  var inflight = new Map(); // saving element -> its request on the way
  var waiting = new Map(); // form -> {submitter, timer} while its saves finish
  var RETRY_MS = 3000;
  var SUBMIT_WAIT_MS = 5000;

  function autosaveOf(node) {
    return node && node.closest ? node.closest("[data-autosave]") : null;
  }

  function isAutosave(elt) {
    return !!(elt && elt.hasAttribute && elt.hasAttribute("data-autosave"));
  }

  function formOf(elt) {
    return elt.closest("form");
  }

  function statusOf(elt) {
    var target = elt.getAttribute("hx-target");
    return target ? document.querySelector(target) : null;
  }

  function savesOf(form) {
    var found = [];
    inflight.forEach(function (xhr, elt) {
      if (formOf(elt) === form) found.push(elt);
    });
    return found;
  }

  document.addEventListener("input", function (event) {
    var elt = autosaveOf(event.target);
    if (elt && !stopped.has(elt) && !closing.has(formOf(elt))) unsaved.add(elt);
  }, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!isAutosave(elt)) return;
    if (stopped.has(elt) || closing.has(formOf(elt))) event.preventDefault();
  });

  document.addEventListener("htmx:beforeSend", function (event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!isAutosave(elt) || !xhr) return;
    inflight.set(elt, xhr);
    // loadend comes after htmx has handled the response (load, error, abort, timeout).
    xhr.addEventListener("loadend", function () {
      if (inflight.get(elt) === xhr) inflight.delete(elt);
      resume(formOf(elt));
    });
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.isConnected) event.detail.shouldSwap = false;
  });

  function forget(form) {
    [unsaved, failed].forEach(function (set) {
      set.forEach(function (elt) {
        if (formOf(elt) === form) set.delete(elt);
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.querySelector("[data-autosave]")) return;
    closing.add(form);
    forget(form);
    if (savesOf(form).length === 0) return;
    event.preventDefault();
    if (waiting.has(form)) {
      waiting.get(form).submitter = event.submitter; // the button pressed last counts
      return;
    }
    form.setAttribute("aria-busy", "true");
    waiting.set(form, {
      submitter: event.submitter,
      timer: window.setTimeout(function () { resume(form, true); }, SUBMIT_WAIT_MS),
    });
  });

  function resume(form, anyway) {
    var wait = form && waiting.get(form);
    if (!wait || (savesOf(form).length > 0 && !anyway)) return;
    // Anyway: the save that hangs is left to the new page's load, which cancels it.
    if (anyway) savesOf(form).forEach(function (elt) { inflight.delete(elt); });
    waiting.delete(form);
    window.clearTimeout(wait.timer);
    form.removeAttribute("aria-busy");
    // Through the prototype: a form's named controls hide its own methods.
    var submitter = wait.submitter && wait.submitter.form === form ? wait.submitter : undefined;
    HTMLFormElement.prototype.requestSubmit.call(form, submitter);
  }

  function onError(event) {
    var elt = event.detail.elt;
    if (!isAutosave(elt) || closing.has(formOf(elt))) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 400 && status < 500) {
      unsaved.delete(elt);
      return;
    }
    failed.add(elt);
    var form = formOf(elt);
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
    if (!isAutosave(elt)) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 409) stopped.add(elt);
    if (event.detail.successful || (status >= 400 && status < 500)) {
      unsaved.delete(elt);
      failed.delete(elt);
      var note = statusOf(elt);
      if (note && event.detail.successful) note.classList.remove("autosave-status--error");
    }
  });

  function draftOf(form) {
    // What a save sends, without files: they go only with the submitted form.
    var data = new FormData(form);
    var files = [];
    data.forEach(function (value, name) {
      if (value instanceof File) files.push(name);
    });
    files.forEach(function (name) { data.delete(name); });
    return data;
  }

  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) return;
    unsaved.forEach(function (elt) {
      var form = formOf(elt);
      if (form && !closing.has(form)) navigator.sendBeacon(elt.getAttribute("hx-post"), draftOf(form));
    });
    unsaved.clear();
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    // Back from the browser's cache: the form may be used again.
    closing = new WeakSet();
    waiting.clear();
  });

  window.addEventListener("beforeunload", function (event) {
    if (failed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
