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
