// The site menu (base.html) on narrow screens: folded behind the "Menu" button, which
// says whether it is open (aria-expanded) and which element it opens (aria-controls).
// A click or Enter/Space on the button opens and closes it, Escape closes it and puts
// the focus back on the button. Without JavaScript the button stays hidden and the menu
// open; on wide screens (CSS) the button is hidden and the menu always shown.
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-toggle]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-menu--open", open);
  }

  setOpen(false);
  menu.classList.add("site-menu--collapsible");
  button.hidden = false;

  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen() || button.offsetParent === null) return;
    var inside = menu.contains(document.activeElement);
    setOpen(false);
    if (inside) button.focus();
  });
})();
