// Conversations: pollers (new messages, the unread badge) ask the server only while the
// tab is visible, and once more as soon as it is visible again. htmx's trigger filters
// would need eval, which our Content-Security-Policy forbids, hence this file.
(function () {
  "use strict";

  if (window.conversationPolling) {
    return; // loaded twice (the include appears once per page, but be safe)
  }
  window.conversationPolling = true;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    if (document.hidden && source && source.hasAttribute("data-poll-while-visible")) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      return;
    }
    document.querySelectorAll("[data-poll-while-visible]").forEach(function (poller) {
      poller.dispatchEvent(new CustomEvent("conversation-visible"));
    });
  });
})();
