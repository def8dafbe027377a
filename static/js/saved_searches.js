// "Save this search" (templates/listings/searches/includes/save_box.html): its
// controls sit inside the search form's results but belong to #save-search-form.
// Their "change" must not bubble to the search form, whose htmx trigger would
// re-run the search and replace the box while the name is being typed.
(function () {
  "use strict";
  document.addEventListener(
    "change",
    function (event) {
      var target = event.target;
      if (target && target.getAttribute && target.getAttribute("form") === "save-search-form") {
        event.stopPropagation();
      }
    },
    true
  );
})();
