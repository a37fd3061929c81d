// Behaviour the templates ask for through data- attributes, since the
// Content-Security-Policy allows no inline script or style.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing sends its form.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // <div data-width="40">: a progress bar 40 % wide.
  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = element.dataset.width + "%";
    });
  }

  // <form data-once>: a second click while the first submission is on its
  // way does nothing, and the buttons say so. The server refuses a replay
  // anyway (the form's one-time token); this spares the user the message.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once]")) {
      return;
    }
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    // Disabled after this event, so the clicked button's name still goes with the form.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  // Back to a page from the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-once]").forEach(function (form) {
        delete form.dataset.sent;
        form.querySelectorAll("[type=submit]").forEach(function (button) {
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        });
      });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    applyWidths(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    applyWidths(event.target);
  });
})();
