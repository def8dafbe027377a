// The job form: show the fields that apply to the chosen work mode and way of applying.
// Without JavaScript every field stays visible and the server checks the same rules.
(function () {
  "use strict";

  function checkedValue(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function update(form) {
    var remote = checkedValue(form, "work_mode") === "remote";
    form.querySelectorAll("[data-remote-only]").forEach(function (element) {
      element.hidden = !remote;
    });
    var country = form.querySelector("[data-required-unless-remote]");
    if (country) {
      country.required = !remote && checkedValue(form, "work_mode") !== "";
    }

    var external = checkedValue(form, "apply_method") === "external";
    form.querySelectorAll("[data-external-apply]").forEach(function (element) {
      element.hidden = !external;
      element.querySelectorAll("input").forEach(function (input) {
        input.required = external;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.job-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "work_mode" || event.target.name === "apply_method") {
          update(form);
        }
      });
    });
  });
})();
