// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Changing the sort order of a listing applies it at once when chosen with a mouse or a
  // finger. With the keyboard, arrow keys can change a closed <select> option by option, so
  // there we leave it to the visitor to press the form's button (WCAG 3.2.2, On Input).
  var sortByKeyboard = false;

  document.addEventListener("keydown", function (event) {
    if (event.target && event.target.id === "id_sort") {
      sortByKeyboard = true;
    }
  });

  document.addEventListener("pointerdown", function () {
    sortByKeyboard = false;
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "id_sort" && target.form && !sortByKeyboard) {
      target.form.submit();
    }
  });

  // On narrow screens the filter form folds away behind a button so the products come first.
  // The button reuses the form's own (translated) accessible name. Filters with an error stay open.
  function setUpFilterToggle() {
    var form = document.querySelector("form.filters");
    if (!form || !window.matchMedia) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 56.24em)");
    var label = form.getAttribute("aria-label") || "";
    if (!form.id) {
      form.id = "listing-filters";
    }

    var button = document.createElement("button");
    button.type = "button";
    button.className = "button filters-toggle";
    button.setAttribute("aria-controls", form.id);
    button.textContent = label;
    form.parentNode.insertBefore(button, form);

    var open = form.querySelector(".field-error, [aria-invalid='true']") !== null;

    function render() {
      if (narrow.matches) {
        button.hidden = false;
        button.setAttribute("aria-expanded", open ? "true" : "false");
        form.hidden = !open;
      } else {
        button.hidden = true;
        form.hidden = false;
      }
    }

    button.addEventListener("click", function () {
      open = !open;
      render();
    });

    if (narrow.addEventListener) {
      narrow.addEventListener("change", render);
    } else if (narrow.addListener) {
      narrow.addListener(render);
    }
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpFilterToggle);
  } else {
    setUpFilterToggle();
  }
})();
