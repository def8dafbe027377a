// Small behaviours that must not be inline scripts (the CSP forbids them).
(function () {
  "use strict";

  // Put the keyboard focus on the first field with an error, so a screen
  // reader user hears what to fix and everyone can type the correction.
  function focusFirstError(root) {
    var field = root.querySelector('[aria-invalid="true"]');
    if (field && typeof field.focus === "function") {
      field.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
  });

  // Fragments swapped in by htmx get the same treatment.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.target);
  });
})();

// The header menu (templates/base.html) is a <details>: it opens and closes without
// JavaScript. Wide screens show its content always through CSS (::details-content);
// browsers that can't style it get it opened here instead.
(function () {
  "use strict";

  var wideScreen = window.matchMedia("(min-width: 801px)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");

  function menus() {
    return document.querySelectorAll("details[data-site-nav]");
  }

  function openOnWideScreens() {
    if (styled) {
      return;
    }
    menus().forEach(function (menu) {
      menu.open = wideScreen.matches;
    });
  }

  document.addEventListener("DOMContentLoaded", openOnWideScreens);
  wideScreen.addEventListener("change", openOnWideScreens);

  // Escape closes an open menu on a small screen, and a click outside it too.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || wideScreen.matches) {
      return;
    }
    menus().forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (wideScreen.matches) {
      return;
    }
    menus().forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
})();
