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

  // A form marked with a [data-once] button is sent once: a double click does not post it twice.
  function sendOnce(event) {
    var button = event.target.querySelector("[data-once]");
    if (button) {
      if (event.target.dataset.sent) {
        event.preventDefault();
        return;
      }
      event.target.dataset.sent = "true";
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    }
  }

  // The parent's consent fields only matter under 15: shown when the birth date says so (or when in error).
  function toggleParentFieldset() {
    var fieldset = document.getElementById("parent-fieldset");
    var birth = document.getElementById("id_birth_date");
    if (!fieldset || !birth) {
      return;
    }
    var hasError = fieldset.querySelector(".is-invalid") !== null;
    var under15 = false;
    if (birth.value) {
      var born = new Date(birth.value + "T00:00:00");
      var today = new Date();
      var age = today.getFullYear() - born.getFullYear();
      if (today.getMonth() < born.getMonth() || (today.getMonth() === born.getMonth() && today.getDate() < born.getDate())) {
        age -= 1;
      }
      under15 = age >= 0 && age < 15;  // a date in the future is an error of its own, not a young child
    }
    fieldset.classList.toggle("d-none", !(under15 || hasError));
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
    toggleParentFieldset();
    var birth = document.getElementById("id_birth_date");
    if (birth) {
      birth.addEventListener("change", toggleParentFieldset);
      birth.addEventListener("input", toggleParentFieldset);
    }
  });
  document.addEventListener("submit", sendOnce);
  document.addEventListener("click", confirmActions);
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.detail.target);
  });
})();
