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

/* Small enhancements, no dependencies; every page works without them. */
(function () {
  "use strict";

  // Lower case without diacritics, so "dong thap" finds "Đồng Tháp".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  // File pickers (tracker.forms.widgets.VietnameseFileInput): the names
  // chosen, beside the button, in place of the browser's own wording.
  function filePickers(root) {
    root.querySelectorAll("[data-file-picker]").forEach(function (picker) {
      var input = picker.querySelector("input[type=file]");
      var names = picker.querySelector(".file-picker-names");
      if (!input || !names || input.dataset.bound) return;
      input.dataset.bound = "1";
      input.addEventListener("change", function () {
        var chosen = Array.prototype.map.call(input.files, function (file) { return file.name; });
        names.textContent = chosen.length ? chosen.join(", ") : names.dataset.empty;
      });
    });
  }

  // A multiple select becomes a searchable list of checkboxes, usable by
  // touch; the select stays in the form (hidden) and carries the choice.
  function checklists(root) {
    root.querySelectorAll("select[multiple]:not([data-checklist])").forEach(function (select) {
      select.dataset.checklist = "1";
      var box = document.createElement("div");
      box.className = "checklist border rounded";
      var search = document.createElement("input");
      search.type = "search";
      search.className = "form-control form-control-sm checklist-search";
      search.id = select.id + "-tim";
      search.placeholder = "Tìm…";
      var items = document.createElement("div");
      items.className = "checklist-items";
      Array.prototype.forEach.call(select.options, function (option, index) {
        var row = document.createElement("div");
        row.className = "form-check checklist-item";
        var tick = document.createElement("input");
        tick.type = "checkbox";
        tick.className = "form-check-input";
        tick.id = select.id + "-" + index;
        tick.checked = option.selected;
        tick.addEventListener("change", function () {
          option.selected = tick.checked;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = tick.id;
        label.textContent = option.textContent;
        row.append(tick, label);
        items.append(row);
      });
      search.addEventListener("input", function () {
        var wanted = fold(search.value.trim());
        items.querySelectorAll(".checklist-item").forEach(function (row) {
          row.hidden = wanted !== "" && fold(row.textContent).indexOf(wanted) < 0;
        });
      });
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label) {
        search.setAttribute("aria-label", label.textContent.trim() + " – tìm");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", label.textContent.trim());
        label.htmlFor = search.id;
      }
      box.append(search, items);
      select.hidden = true;
      select.after(box);
    });
  }

  function enhance(root) {
    filePickers(root);
    checklists(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
