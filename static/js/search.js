// The job search form (templates/listings/job_list.html): htmx does the
// requests; this keeps the form, the URL and the results telling the same story.
(function () {
  "use strict";

  function searchForm() {
    return document.querySelector("form[data-search]");
  }

  // Typed fields update the results as you type (debounced by htmx); their
  // "change" on blur must not start the same search again and push a duplicate
  // history entry, which would make the back button seem to do nothing.
  document.addEventListener(
    "change",
    function (event) {
      if (event.target.matches && event.target.matches("form[data-search] [data-live]")) {
        event.stopPropagation();
      }
    },
    true
  );

  // Leave empty fields out of the URL: "?q=django", not "?q=django&salary=&posted=…".
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== searchForm() || event.detail.verb !== "get") {
      return;
    }
    var params = event.detail.parameters;
    var names = [];
    Array.from(params.keys()).forEach(function (name) {
      if (names.indexOf(name) < 0) {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      var values = params.getAll(name).filter(function (value) {
        return value !== "";
      });
      params.delete(name);
      values.forEach(function (value) {
        params.append(name, value);
      });
    });
    if (!params.get("salary")) {
      params.delete("currency");
    }
    if (params.get("sort") === "relevance") {
      params.delete("sort");
    }
  });

  // Set every control of the form from a query string.
  function fillForm(form, search) {
    var params = new URLSearchParams(search);
    Array.from(form.elements).forEach(function (field) {
      if (!field.name) {
        return;
      }
      var values = params.getAll(field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = field.value === "on" ? values.length > 0 : values.indexOf(field.value) >= 0;
      } else if (field.tagName === "SELECT") {
        if (values.length) {
          field.value = values[0];
        } else {
          field.selectedIndex = Array.from(field.options).findIndex(function (option) {
            return option.defaultSelected;
          });
          if (field.selectedIndex < 0) {
            field.selectedIndex = 0;
          }
        }
      } else if (field.type !== "submit" && field.type !== "button") {
        field.value = values.length ? values[0] : "";
      }
    });
  }

  // Back/forward: htmx restores the results; the form follows the URL.
  document.addEventListener("htmx:historyRestore", function () {
    var form = searchForm();
    if (form) {
      fillForm(form, window.location.search);
    }
  });

  // A link in the results (remove a filter, clear all, another page) changed
  // the search without the form: bring the form in line with it. (Before the
  // swap: the link is still in the page then.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = searchForm();
    var link = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !event.detail.shouldSwap || !link || link.tagName !== "A" || !form.contains(link)) {
      return;
    }
    var url = new URL(link.getAttribute("data-hx-get") || link.href, window.location.href);
    fillForm(form, url.search);
  });

  // Small screens: the filters fold away so the results come first, and open as a
  // sheet over the page (data-sheet, see site.css) whose button says how many jobs
  // the ticked filters find and leads to them. Wider screens always show the
  // filters beside the results (their toggle is hidden there).
  var smallScreen = window.matchMedia("(max-width: 800px)");
  function foldFilters() {
    document.querySelectorAll("details[data-fold-on-small-screens]").forEach(function (panel) {
      panel.open = !smallScreen.matches;
      if (panel.hasAttribute("data-sheet-on-small-screens")) {
        panel.toggleAttribute("data-sheet", smallScreen.matches);
      }
    });
    showCounts();
  }

  // The results carry their count ("Show 12 jobs") and the number of active filters.
  function showCounts() {
    var results = document.getElementById("results");
    if (!results) {
      return;
    }
    document.querySelectorAll("[data-show-results-label]").forEach(function (label) {
      label.textContent = smallScreen.matches ? results.dataset.showLabel : "Update results";
    });
    var count = Number(results.dataset.filterCount || 0);
    document.querySelectorAll("[data-filter-count-label]").forEach(function (label) {
      label.textContent = count ? " · " + count + " active" : "";
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "results") {
      showCounts();
    }
  });

  function closeSheet(panel) {
    panel.open = false;
    panel.querySelector("summary").focus({ preventScroll: true });
  }

  // "Show N jobs": the results are already there (htmx updated them on each tick);
  // close the sheet and bring the person to them.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-show-results]");
    var panel = button && button.closest("details[data-sheet]");
    if (!panel) {
      return;
    }
    event.preventDefault();
    panel.open = false;
    var heading = document.getElementById("results-count");
    if (heading) {
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("details[data-sheet][open]").forEach(closeSheet);
  });

  foldFilters();
  smallScreen.addEventListener("change", foldFilters);
})();
