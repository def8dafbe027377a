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

  // After sending with htmx the conversation is swapped in anew: keep the keyboard in the
  // message box, ready for the next message (site.js focuses a field with an error first).
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var conversation = document.getElementById("conversation");
    if (!conversation || !config || config.verb !== "post" || !conversation.contains(event.detail.elt)) {
      return;
    }
    var box = conversation.querySelector("textarea[name=body]");
    if (box && !conversation.querySelector('[aria-invalid="true"]')) {
      box.focus();
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
