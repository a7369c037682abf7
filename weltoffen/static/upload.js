// Uploads with visible progress (the register extract: tens of megabytes). A form with
// data-upload-progress="ID" sends its data with XMLHttpRequest; the element ID (a live
// region holding a <progress> and a [data-upload-text]) shows how much has been sent,
// then that the server is checking and sealing the file. On success the server answers
// 204 with X-Location and the page goes there (its message is kept for that page); a
// refused file's answer – the page with the errors at the field and the file's line
// numbers – replaces this page as a normal form submission would. Without JavaScript
// the form is submitted as usual.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload-progress") || !window.FormData) {
      return;
    }
    var status = document.getElementById(form.getAttribute("data-upload-progress"));
    if (!status) {
      return;
    }
    event.preventDefault();
    var bar = status.querySelector("progress");
    var text = status.querySelector("[data-upload-text]");
    var button = form.querySelector("[type=submit]");
    status.hidden = false;
    if (button) {
      button.disabled = true;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Upload-Progress", "1");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) {
        return;
      }
      bar.max = e.total;
      bar.value = e.loaded;
      text.textContent = status.getAttribute("data-sending").replace("{percent}", Math.round(100 * e.loaded / e.total));
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate: the server checks and seals
      text.textContent = status.getAttribute("data-checking");
    });
    xhr.addEventListener("load", function () {
      var next = xhr.getResponseHeader("X-Location");
      if (xhr.status === 204 && next) {
        window.location.assign(next);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      text.textContent = status.getAttribute("data-failed");
      if (button) {
        button.disabled = false;
      }
    });
    xhr.send(new FormData(form));
  });
})();
