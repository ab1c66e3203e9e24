/* The contribution form, made easier (progressive enhancement: the form works without this script).

   - Each long list of check boxes (countries, themes, GCM objectives, SDG targets) gets a box that
     filters it as you type, ignoring case and accents, and a line saying how many are shown and ticked.
   - The summary shows how many characters it has (and the limit, when the field has one).
   - Choosing an image shows it before the form is sent (read in the browser; nothing is uploaded).
   The words come from data-text-* attributes of the form, so they are in the page's language. */
(function () {
  "use strict";

  var form = document.querySelector("form.practice-form");
  if (!form) {
    return;
  }

  function text(name, values) {
    var template = form.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function plain(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Filterable check-box lists.
  Array.prototype.forEach.call(form.querySelectorAll("[data-choice-filter]"), function (list, index) {
    var options = Array.prototype.map.call(list.querySelectorAll("input[type=checkbox]"), function (box) {
      var row = box.closest("label").parentElement;
      return { box: box, row: row, words: plain(row.textContent) };
    });
    if (options.length < 8) {
      return;
    }
    var id = "choice-filter-" + index;
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = id;
    label.textContent = list.getAttribute("data-choice-filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "choice-filter";
    input.placeholder = list.getAttribute("data-choice-filter");
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "choice-count";
    status.setAttribute("aria-live", "polite");
    list.parentNode.insertBefore(label, list);
    list.parentNode.insertBefore(input, list);
    list.parentNode.insertBefore(status, list.nextSibling);

    function update() {
      var wanted = plain(input.value.trim());
      var shown = 0;
      var ticked = 0;
      options.forEach(function (option) {
        var match = !wanted || option.words.indexOf(wanted) !== -1 || option.box.checked;
        option.row.hidden = !match;
        shown += match ? 1 : 0;
        ticked += option.box.checked ? 1 : 0;
      });
      status.textContent = text("shown", { shown: shown, total: options.length, ticked: ticked });
    }

    input.addEventListener("input", update);
    // Enter in the filter box must not send the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    list.addEventListener("change", update);
    update();
  });

  // The summary's character counter.
  Array.prototype.forEach.call(form.querySelectorAll("[data-count-for]"), function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) {
      return;
    }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    function update() {
      var count = field.value.length;
      counter.textContent = max
        ? text("characters-of", { count: count, max: max })
        : text("characters", { count: count });
      counter.classList.toggle("is-over", Boolean(max) && count > max);
    }
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
  });

  // A preview of the chosen image.
  Array.prototype.forEach.call(form.querySelectorAll("input[type=file][accept^=image]"), function (input) {
    var preview = document.createElement("img");
    preview.className = "image-preview";
    preview.alt = text("preview", {});
    preview.hidden = true;
    input.parentNode.insertBefore(preview, input.nextSibling);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type) || !window.FileReader) {
        preview.hidden = true;
        preview.removeAttribute("src");
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        preview.src = reader.result; // a data: address, which the content security policy allows
        preview.hidden = false;
      };
      reader.readAsDataURL(file);
    });
  });
})();
