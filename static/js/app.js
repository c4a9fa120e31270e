// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";

  // Move focus to the first field in error, so keyboard and screen-reader users land on what needs fixing.
  function focusFirstError(root) {
    var invalid = root.querySelector(".is-invalid, [aria-invalid='true']");
    if (invalid && typeof invalid.focus === "function") {
      invalid.focus();
    }
  }

  // Ask for confirmation before a destructive action: <button data-confirm="Message">.
  function confirmActions(event) {
    var trigger = event.target.closest("[data-confirm]");
    if (trigger && !window.confirm(trigger.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
  });
  document.addEventListener("click", confirmActions);
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.detail.target);
  });
})();
