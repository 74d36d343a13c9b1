// The variant picker. Without JavaScript a product's variants are radio buttons, and the
// CSS shows the price and buttons of the checked one. This script keeps the choice in the
// address (?variant=SKU) and, for products whose variants differ in several options (or
// one with many values), drives those radio buttons from a picker of one group an option:
// it checks the variant the chosen values name, or none when that combination does not
// exist, and marks the values that lead to a sold-out or missing variant. More than six
// variants without options get a select in place of their radio buttons.
(function () {
  "use strict";
  var choices = Array.prototype.slice.call(document.querySelectorAll(".choice__input"));
  if (!choices.length) return;
  var picker = document.querySelector(".picker");
  var groups = picker ? Array.prototype.slice.call(picker.querySelectorAll(".picker__option")) : [];
  var none = picker && picker.querySelector(".picker__none");

  function fields(group) {
    return Array.prototype.slice.call(group.querySelectorAll("input, select"));
  }

  function valueOf(group) {
    var field = fields(group).filter(function (f) { return f.tagName === "SELECT" || f.checked; })[0];
    return field ? field.value : null;
  }

  function valuesOf(choice) {
    return groups.map(function (_, i) { return choice.getAttribute("data-option-" + i); });
  }

  function find(values) {
    return choices.filter(function (choice) {
      return valuesOf(choice).every(function (value, i) { return value === values[i]; });
    })[0];
  }

  function available(choice) {
    return choice && !choice.nextElementSibling.classList.contains("is-unavailable");
  }

  function remember(choice) {
    if (!choice || !choice.hasAttribute("data-sku")) return;
    var url = new URL(location.href);
    url.searchParams.set("variant", choice.value);
    history.replaceState(null, "", url);
  }

  function markGroups() {
    var current = groups.map(valueOf);
    groups.forEach(function (group, i) {
      fields(group).forEach(function (field) {
        var options = field.tagName === "SELECT" ? Array.prototype.slice.call(field.options) : [field];
        options.forEach(function (option) {
          var values = current.slice();
          values[i] = option.value;
          var open = available(find(values));
          var mark = option.tagName === "OPTION" ? option : option.parentNode;
          mark.classList.toggle("is-unavailable", !open);
          var label = open ? null : option.value + " (" + picker.dataset.soldOut + ")";
          if (option.tagName === "OPTION") option.textContent = label || option.value;
          else if (label) option.setAttribute("aria-label", label);
          else option.removeAttribute("aria-label");
        });
      });
    });
  }

  function pick() {
    var choice = find(groups.map(valueOf));
    choices.forEach(function (c) { c.checked = c === choice; });
    none.hidden = Boolean(choice);
    markGroups();
    remember(choice);
  }

  function setGroups(choice) {
    valuesOf(choice).forEach(function (value, i) {
      fields(groups[i]).forEach(function (field) {
        if (field.tagName === "SELECT") field.value = value;
        else field.checked = field.value === value;
      });
    });
  }

  // Many variants without options: one select in place of a long wall of pills.
  function selectForMany() {
    var heading = document.getElementById("choices-label");
    var select = document.createElement("select");
    select.id = "variant-select";
    select.className = "choices__select";
    choices.forEach(function (choice) {
      select.add(new Option(choice.labels[0].textContent, choice.value, false, choice.checked));
    });
    var label = document.createElement("label");
    label.htmlFor = select.id;
    label.className = heading.className;
    label.textContent = heading.textContent;
    heading.parentNode.classList.add("choices--select");
    heading.replaceWith(label);
    label.after(select);
    select.addEventListener("change", function () {
      var choice = choices.filter(function (c) { return c.value === select.value; })[0];
      choice.checked = true;
      remember(choice);
    });
    return select;
  }

  var wanted = new URLSearchParams(location.search).get("variant");
  var start = choices.filter(function (c) { return c.value === wanted; })[0];
  if (start) start.checked = true;
  if (!picker && choices.length > 6) selectForMany().value = (start || choices.filter(function (c) { return c.checked; })[0] || choices[0]).value;
  if (picker) {
    setGroups(choices.filter(function (c) { return c.checked; })[0] || choices[0]);
    markGroups();
    picker.addEventListener("change", pick);
  }
  choices.forEach(function (choice) {
    choice.addEventListener("change", function () { remember(choice); });
  });
})();
