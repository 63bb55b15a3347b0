// Optional enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to a form's error summary so that it is read first.
  var summary = document.getElementById("error-summary") || document.getElementById("login-error") || document.getElementById("import-error");
  if (summary) { summary.focus(); }
  // Ask before destructive submits (forms marked data-confirm).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // An error summary's links focus the field itself, not just scroll to it.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".error-summary a[href^='#']");
    if (!a) { return; }
    var el = document.getElementById(a.getAttribute("href").slice(1));
    if (!el) { return; }
    e.preventDefault();
    var field = el.matches("fieldset") ? el.querySelector("input") : el;
    (field || el).focus();
    el.scrollIntoView({ block: "center" });
  });
})();
