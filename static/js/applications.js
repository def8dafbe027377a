// Live character counts for length-limited text (the cover letter, an invitation's
// note). The textarea's maxlength does the limiting; this only says how much room
// is left. Counters swapped in by htmx (an invite box after an error) get one too.
(function () {
  "use strict";

  function update(output, field) {
    var max = parseInt(output.getAttribute("data-max"), 10);
    var used = field.value.length;
    output.textContent = used + " / " + max + " characters";
    output.classList.toggle("char-counter--near", max - used < 200);
  }

  function connectCounters(root) {
    root.querySelectorAll("[data-counter-for]:not([data-counting])").forEach(function (output) {
      var field = document.getElementById(output.getAttribute("data-counter-for"));
      if (!field) {
        return;
      }
      output.setAttribute("data-counting", "");
      update(output, field);
      field.addEventListener("input", function () {
        update(output, field);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    connectCounters(document);
  });
  document.addEventListener("htmx:load", function (event) {
    connectCounters(event.target);
  });
})();
