// Instant product search for the search page. The page works without it (category
// links); this script shows the form, fetches /search.json once, and filters, sorts and
// lists products as the visitor types. Results are built with DOM methods, never HTML
// strings, so nothing from the index can become markup.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch) return;
  var query = document.getElementById("search-q");
  var category = document.getElementById("search-category");
  var sort = document.getElementById("search-sort");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var products = [];
  // The modifier class of each badge, as the listing cards have it.
  var BADGE_CLASSES = { sold_out: " badge--muted", sale: " badge--sale", preorder: "" };

  // Lower case without accents, so "creme" finds "Crème" and "ETCHING" finds "etching".
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function prepare(product) {
    product.fields = [
      [fold(product.title), 4],
      [fold((product.tags || []).join(" ")), 2],
      [fold(product.sku), 2],
      [fold(product.summary), 1],
    ];
    return product;
  }

  // Every word must appear somewhere; words in the title count most.
  function score(product, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var best = 0;
      for (var j = 0; j < product.fields.length; j++) {
        var field = product.fields[j];
        if (field[0].indexOf(words[i]) !== -1 && field[1] > best) best = field[1];
      }
      if (!best) return 0;
      total += best;
    }
    return total || 1;
  }

  function say(template, count) {
    return template.replace("{count}", String(count));
  }

  function card(product) {
    var item = document.createElement("li");
    item.className = "card" + (product.sold_out ? " card--sold-out" : "");
    var link = document.createElement("a");
    link.className = "card__link";
    link.href = product.url;
    var media = document.createElement("div");
    media.className = "card__media";
    if (product.image) {
      var image = document.createElement("img");
      image.src = product.image;
      image.alt = product.alt || "";
      image.loading = "lazy";
      media.appendChild(image);
    }
    if (product.badge) {
      // The same badges as the listing cards (partials/card.html).
      var badge = document.createElement("span");
      badge.className = "badge" + (BADGE_CLASSES[product.badge] || "");
      badge.textContent = form.dataset[product.badge === "sold_out" ? "soldOut" : product.badge];
      media.appendChild(badge);
    }
    var title = document.createElement("h2");
    title.className = "card__title";
    title.textContent = product.title;
    link.appendChild(media);
    link.appendChild(title);
    var price = document.createElement("p");
    price.className = "price";
    price.textContent = product.price_text;
    item.appendChild(link);
    item.appendChild(price);
    return item;
  }

  function update() {
    var words = fold(query.value).split(/\s+/).filter(Boolean);
    var chosen = category.value;
    var found = products
      .map(function (product, order) {
        return { product: product, order: order, score: words.length ? score(product, words) : 1 };
      })
      .filter(function (hit) {
        return hit.score > 0 && (!chosen || hit.product.categories.indexOf(chosen) !== -1);
      });
    var price = function (hit) { return hit.product.price === null ? Infinity : hit.product.price; };
    found.sort(function (a, b) {
      if (sort.value === "price-asc") return price(a) - price(b) || a.order - b.order;
      if (sort.value === "price-desc") return price(b) - price(a) || a.order - b.order;
      return b.score - a.score || a.order - b.order;
    });
    if (!words.length && !chosen && !sort.value) {
      status.textContent = say(form.dataset.ready, products.length);
      results.replaceChildren();
    } else {
      status.textContent = found.length ? say(form.dataset.found, found.length) : form.dataset.none;
      results.replaceChildren.apply(results, found.map(function (hit) { return card(hit.product); }));
    }
    var params = new URLSearchParams();
    if (query.value) params.set("q", query.value);
    if (chosen) params.set("category", chosen);
    if (sort.value) params.set("sort", sort.value);
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  fetch(form.dataset.index)
    .then(function (response) { return response.json(); })
    .then(function (index) {
      products = index.products.map(prepare);
      var params = new URLSearchParams(location.search);
      query.value = params.get("q") || "";
      category.value = params.get("category") || "";
      sort.value = params.get("sort") || "";
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
      [query, category, sort].forEach(function (field) {
        field.addEventListener(field === query ? "input" : "change", update);
      });
      update();
      query.focus();
    });
})();
