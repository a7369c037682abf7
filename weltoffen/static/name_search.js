// Search by name on a named peer group's page: the WAI-ARIA APG combobox with a listbox
// popup. htmx fetches the options as the user types (hx-get on the input, the count goes
// to the polite live region out of band); this script opens and closes the list, moves
// the active option with the arrow keys (aria-activedescendant: the focus stays in the
// input), adds the chosen municipality with Enter or a click, and closes with Escape.
// Without JavaScript the form is a plain search whose results page has "Add" buttons.
(function () {
  "use strict";

  function setup(form) {
    var input = form.querySelector('[role="combobox"]');
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById("name-search-status");
    var add = document.getElementById("name-search-add");
    if (!list || !add) return;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
    }
    function setActive(index) {
      var all = options();
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index >= 0 && index < all.length ? index : -1;
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function isOpen() {
      return !list.hidden;
    }
    function open() {
      if (!options().length) return false;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      return true;
    }
    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }
    function choose(option) {
      add.elements.ags.value = option.getAttribute("data-ags");
      input.value = option.getAttribute("data-name");
      close();
      if (add.requestSubmit) add.requestSubmit();
      else add.submit();
    }

    // new options arrived (htmx swapped them into the list)
    list.addEventListener("htmx:afterSwap", function () {
      setActive(-1);
      if (document.activeElement === input && open()) return;
      close();
    });
    input.addEventListener("input", function () {
      setActive(-1);
    });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        var down = event.key === "ArrowDown";
        if (!isOpen()) {
          open();
          setActive(down ? 0 : count - 1);
        } else if (down) {
          setActive(active + 1 < count ? active + 1 : 0);
        } else {
          setActive(active > 0 ? active - 1 : count - 1);
        }
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
      } else if (event.key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          list.innerHTML = "";
          if (status) status.textContent = "";
        }
      }
    });
    input.addEventListener("blur", function () {
      close();
    });
    input.addEventListener("focus", function () {
      open();
    });
    // a click on an option must not take the focus from the input first
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(option);
    });
    // back from adding one: go on typing the next name
    if (window.location.hash === "#" + input.id) input.focus();
  }

  function init() {
    document.querySelectorAll("form[data-name-search]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
