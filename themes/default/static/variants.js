// The variant picker: radio groups for a product's options. Without JavaScript every
// variant is listed with its own price and buttons; with it, only the chosen one shows,
// so its price, photo, stock and buy links swap in place. Combinations that are sold out
// or do not exist are marked, and the address keeps the choice (?variant=SKU).
(function () {
  "use strict";
  var picker = document.querySelector(".picker");
  if (!picker) return;
  var variants = Array.prototype.slice.call(document.querySelectorAll(".variants--picked .variant"));
  var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker__option"));
  var none = picker.querySelector(".picker__none");

  function valuesOf(variant) {
    return groups.map(function (_, i) { return variant.getAttribute("data-option-" + i); });
  }

  function chosen() {
    return groups.map(function (group) {
      var input = group.querySelector("input:checked");
      return input ? input.value : null;
    });
  }

  function find(values) {
    return variants.filter(function (variant) {
      return valuesOf(variant).every(function (value, i) { return value === values[i]; });
    })[0];
  }

  function available(variant) {
    return variant && !variant.classList.contains("variant--sold-out");
  }

  function show(variant) {
    variants.forEach(function (v) { v.classList.toggle("is-selected", v === variant); });
    none.hidden = Boolean(variant);
    var current = chosen();
    groups.forEach(function (group, i) {
      group.querySelectorAll("input").forEach(function (input) {
        var values = current.slice();
        values[i] = input.value;
        var open = available(find(values));
        input.parentNode.classList.toggle("is-unavailable", !open);
        if (open) input.removeAttribute("aria-label");
        else input.setAttribute("aria-label", input.value + " (" + picker.dataset.soldOut + ")");
      });
    });
    var sku = variant && variant.getAttribute("data-sku");
    if (sku) {
      var url = new URL(location.href);
      url.searchParams.set("variant", sku);
      history.replaceState(null, "", url);
    }
  }

  function select(variant) {
    valuesOf(variant).forEach(function (value, i) {
      groups[i].querySelectorAll("input").forEach(function (input) { input.checked = input.value === value; });
    });
    show(variant);
  }

  var wanted = new URLSearchParams(location.search).get("variant");
  var start = variants.filter(function (v) { return v.getAttribute("data-sku") === wanted; })[0];
  if (start) select(start); else show(find(chosen()));
  picker.addEventListener("change", function () { show(find(chosen())); });
})();
