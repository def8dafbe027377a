// The application form (templates/applications/apply.html): a live count of
// the cover letter's characters. The textarea's maxlength does the limiting;
// this only says how much room is left.
(function () {
  "use strict";

  function update(output, field) {
    var max = parseInt(output.getAttribute("data-max"), 10);
    var used = field.value.length;
    output.textContent = used + " / " + max + " characters";
    output.classList.toggle("char-counter--near", max - used < 200);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter-for]").forEach(function (output) {
      var field = document.getElementById(output.getAttribute("data-counter-for"));
      if (!field) {
        return;
      }
      update(output, field);
      field.addEventListener("input", function () {
        update(output, field);
      });
    });
  });
})();
