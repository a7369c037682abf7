// Forum topic page: the "Quote" link puts the quoted post into the reply box without
// reloading the page (without JavaScript the link reloads the page with ?quote=).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quote]") : null;
    if (!link) return;
    var box = document.querySelector("#reply-form textarea[name=body]");
    if (!box) return;
    event.preventDefault();
    var quote = link.getAttribute("data-quote");
    var current = box.value.replace(/\s+$/, "");
    box.value = (current ? current + "\n\n" : "") + quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
  });
})();
