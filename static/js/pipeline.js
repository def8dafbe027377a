// The applicants board: after htmx moves a candidate, the board is swapped in anew;
// keep the keyboard focus on the card that moved (now in its new column), so
// nobody loses their place. Without JavaScript the form posts and the page reloads.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function () {
    var moved = document.querySelector("#board [data-moved] .applicant-card__name a");
    if (moved && !document.querySelector('#board [aria-invalid="true"]')) {
      moved.focus();
    }
  });
})();
