// masterplan web: small progressive enhancements. Every form works without this file.
(function () {
  "use strict";
  // A form marked "once" is sent once: its buttons wait while the server works (finalising takes a while).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("once")) { return; }
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button:not([disabled])").forEach(function (button) {
        button.disabled = true;
        button.dataset.busy = "1";
      });
      form.setAttribute("aria-busy", "true");
    }, 0);
  });
  // Coming back to a page from the browser's history: its forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.once").forEach(function (form) {
      form.dataset.sent = "";
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[data-busy='1']").forEach(function (button) {
        button.disabled = false;
        button.dataset.busy = "";
      });
    });
  });
  // After a save with errors the page opens at its summary: focus it, so that it is read out first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary && window.location.hash === "#ringkasan") { summary.focus(); }
  });
  // A row marked for removal is shown dimmed.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name && /\._hapus$/.test(box.name)) {
      var card = box.closest(".row-card");
      if (card) { card.classList.toggle("removed", box.checked); }
    }
  });
})();
