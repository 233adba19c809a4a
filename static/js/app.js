// caseweb front-end glue. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  // Focus the main landmark after an htmx page swap so screen readers follow.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "main") { target.focus(); }
  });
  // An expired session answers 401 with HX-Redirect; htmx follows it itself.
  // Other errors: show the server's fragment in the flash area.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 422 || xhr.status === 409) { return; }
    var flash = document.getElementById("flash");
    if (flash && xhr.responseText) {
      var div = document.createElement("div");
      div.className = "flash flash-error";
      div.setAttribute("role", "alert");
      div.textContent = xhr.status === 0 ? "Network error" : (new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent || "").trim().slice(0, 300);
      flash.replaceChildren(div);
    }
  });
  // Let htmx swap 422 (invalid form) and 409 (stale edit) responses: they carry the form.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Buttons with data-confirm ask first (used where htmx's hx-confirm is not in play).
  document.addEventListener("submit", function (event) {
    var btn = event.submitter;
    var msg = (btn && btn.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { event.preventDefault(); }
  });
  // Print buttons (data-print) on the printable minutes, attendance sheet and case summary.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
