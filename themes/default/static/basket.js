// The basket (`basket: true` in shop.yaml). Kept in this browser's localStorage: no cookie,
// no server, nothing from another host. On every page it shows the header's count and the
// product page's "Add to basket"; on /basket/ it loads the build's price list (only when
// the basket holds something), prices every line again from it, counts postage with the
// same rule as `shop` (src/config/shipping.rs) and writes the order message, which ends
// with the order code `shop orders quote` reads (src/orders/code.rs). The basket stores
// SKUs, quantities and the prices last shown, and no price it stores is ever charged: the
// seller prices the code again. Lines are built with DOM methods, never HTML strings.
// With `basket: stripe`, "Pay by card" sends the SKUs, quantities, country and language
// (nothing else) to the shop's checkout function, which prices them from the build's files
// and answers the Stripe page to go to; back on the thanks page with a `session_id`, the
// basket empties.
(function () {
  "use strict";
  var script = document.querySelector("script[data-basket-script]");
  if (!script || !window.localStorage) return;
  var KEY = "shop-basket:" + script.dataset.key;
  var A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY));
      if (saved && Array.isArray(saved.lines)) return saved;
    } catch (e) { /* a damaged basket starts empty */ }
    return { lines: [], country: "" };
  }
  function save(basket) {
    localStorage.setItem(KEY, JSON.stringify(basket));
    showCount(basket);
  }
  function showCount(basket) {
    var units = basket.lines.reduce(function (n, l) { return n + l.qty; }, 0);
    document.querySelectorAll("[data-basket-count]").forEach(function (c) { c.textContent = units; });
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, k) { return k in values ? values[k] : all; });
  }
  /** A line's name with the page's comma: "Card, Blue", "卡片，蓝色". */
  function nameOf(item, d) {
    return item.variant ? item.title + d.comma + item.variant : item.title;
  }
  function el(tag, props, children) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") e.textContent = props[k]; else e.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  // Product pages: "Add to basket", capped at the stock left.
  function addForm(form) {
    var status = form.querySelector("[role=status]");
    var sku = form.elements.sku;
    var chosen = function () { return sku.options ? sku.options[sku.selectedIndex] : sku; };
    var capQuantity = function () { form.elements.quantity.max = chosen().dataset.cap; };
    capQuantity();
    sku.addEventListener("change", capQuantity);
    followBuyBox(form, sku, capQuantity);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var cap = +chosen().dataset.cap;
      if (!cap) return;
      var qty = Math.max(1, Math.floor(+form.elements.quantity.value) || 1);
      var basket = load();
      var line = basket.lines.find(function (l) { return l.sku === sku.value; });
      if (!line) basket.lines.push(line = { sku: sku.value, qty: 0, price: +chosen().dataset.price });
      line.qty = Math.min(cap, line.qty + qty);
      save(basket);
      status.textContent = "";
      setTimeout(function () { addedNotice(status); }, 50);
    });
  }

  // With the buy box's variant picker (radio buttons, which variants.js may drive), the
  // form adds the variant picked there: its own select is hidden, so the buyer chooses
  // once. A picked variant that cannot go in the basket (sold out, no SKU) disables it.
  function followBuyBox(form, sku, capQuantity) {
    var radios = document.querySelectorAll("#buy .choice__input");
    if (!sku.options || !radios.length) return;
    sku.closest("label").hidden = true;
    var button = form.querySelector("button[type=submit]");
    function follow() {
      var picked = document.querySelector("#buy .choice__input:checked");
      var option = picked && Array.prototype.find.call(sku.options, function (o) {
        return o.value === picked.dataset.sku && !o.disabled;
      });
      button.disabled = !option;
      if (option) { sku.value = option.value; capQuantity(); }
    }
    follow();
    document.addEventListener("change", follow);
    form.addEventListener("submit", follow, true);
  }

  // "Added to the basket · View basket": the next step one tap away, on a phone too.
  function addedNotice(status) {
    var link = document.querySelector("a[data-basket-link]");
    status.appendChild(document.createTextNode(script.dataset.added + " · "));
    status.appendChild(el("a", { href: link.getAttribute("href"), text: script.dataset.view }));
  }

  // The order code, as src/orders/code.rs writes it.
  function digits(n, width) {
    var out = "";
    for (var i = 0; i < width; i++) { out = A[n % 64] + out; n = Math.floor(n / 64); }
    return out;
  }
  function fnv(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
  function check(body) {
    var sum = 0;
    for (var i = 0; i < body.length; i++) {
      var v = A.indexOf(body[body.length - 1 - i]);
      var w = i % 2 === 0 ? v * 2 : v;
      sum += Math.floor(w / 64) + (w % 64);
    }
    return A[(64 - (sum % 64)) % 64];
  }
  function orderCode(list, lines, country, postage) {
    var priced = lines.map(function (l) { return l.item.code + ":" + l.item.price + ";"; }).join("");
    var fingerprint = digits(fnv(list.currency + "|" + priced + "|" + postage), 6);
    var coded = lines.map(function (l) { return l.item.code + digits(l.qty, 2); }).join("");
    var body = "B1-" + country + "-" + fingerprint + "-" + coded + "-";
    return body + check(body);
  }

  // The shipping rule, as src/config/shipping.rs `postage` has it.
  function zoneFor(list, country) {
    return list.zones.find(function (z) { return z.countries.indexOf(country) >= 0; }) ||
      list.zones.find(function (z) { return !z.countries.length; });
  }
  function postage(zone, lines, subtotal) {
    if (zone.free_over !== null && subtotal >= zone.free_over) return 0;
    var separate = 0, others = 0, first = null;
    lines.forEach(function (l) {
      var rate = zone.rates[l.item.profile || ""];
      if (!rate) return;
      if (l.item.separately) { separate += rate[0] * l.qty; return; }
      others += rate[1] * l.qty;
      if (!first || rate[0] > first[0] || (rate[0] === first[0] && rate[1] > first[1])) first = rate;
    });
    return first ? separate + first[0] + others - first[1] : separate;
  }

  function money(list, minor) {
    var s = list.money, scale = Math.pow(10, s.exponent);
    var whole = String(Math.floor(minor / scale)).replace(/\B(?=(\d{3})+(?!\d))/g, s.group);
    if (s.exponent) whole += s.decimal + String(minor % scale).padStart(s.exponent, "0");
    return s.prefix + whole + s.suffix;
  }

  // Everything the page shows, from the basket and the price list.
  function totals(list, basket) {
    var lines = basket.lines.map(function (l) {
      var item = list.items[l.sku];
      var line = { sku: l.sku, qty: l.qty, item: item };
      if (!item) line.out = "gone";
      else if (!item.cap) line.out = "soldOut";
      else {
        line.qty = l.qty = Math.min(l.qty, item.cap);
        if (l.price !== undefined && l.price !== item.price) {
          line.changed = [l.price, item.price];
        }
        l.price = item.price;
      }
      return line;
    });
    var kept = lines.filter(function (l) { return !l.out; });
    var subtotal = kept.reduce(function (n, l) { return n + l.item.price * l.qty; }, 0);
    var zone = basket.country && zoneFor(list, basket.country);
    var post = zone ? postage(zone, kept, subtotal) : null;
    return { lines: lines, kept: kept, subtotal: subtotal, postage: post };
  }

  function basketPage(page) {
    var d = page.dataset;
    var basket = load();
    var content = page.querySelector(".basket__content");
    var empty = page.querySelector(".basket__empty");
    if (!basket.lines.length) { empty.hidden = false; return; }
    // A page kept from an earlier build names a price list since replaced: reload once.
    fetch(d.prices).then(function (r) {
      if (r.ok) return r.json();
      if (!sessionStorage.getItem(KEY)) { sessionStorage.setItem(KEY, 1); location.reload(); }
      throw r.status;
    }).then(function (list) {
      sessionStorage.removeItem(KEY);
      var country = page.querySelector("#basket-country");
      if (window.Intl && Intl.DisplayNames) {
        var names = new Intl.DisplayNames([d.language], { type: "region" });
        Array.prototype.slice.call(country.options, 1).forEach(function (o) { o.textContent = names.of(o.value); });
      }
      country.value = basket.country || "";
      country.addEventListener("change", function () { basket.country = country.value; draw(); });
      var first = true;
      function draw(focus) {
        var t = totals(list, basket);
        save(basket);
        if (!basket.lines.length) { content.hidden = true; empty.hidden = false; empty.focus(); return; }
        content.hidden = false;
        var notices = page.querySelector(".basket__notices");
        if (first) {
          t.lines.forEach(function (l) {
            if (l.changed) notices.appendChild(el("p", { text: fill(d.changed, { name: l.item.title, old: money(list, l.changed[0]), "new": money(list, l.changed[1]) }) }));
          });
          first = false;
        }
        var ul = page.querySelector(".basket__lines");
        ul.textContent = "";
        t.lines.forEach(function (l) { ul.appendChild(lineView(list, l, d)); });
        page.querySelector("[data-basket-subtotal]").textContent = money(list, t.subtotal);
        page.querySelector("[data-basket-postage]").textContent = t.postage === null ? "–" : money(list, t.postage);
        page.querySelector("[data-basket-total]").textContent = t.postage === null ? "–" : money(list, t.subtotal + t.postage);
        checkout(list, t, basket.country, country.options[country.selectedIndex].textContent);
        if (focus) { var f = ul.querySelector(focus); (f || country).focus(); }
      }
      function change(sku, qty, focus) {
        basket.lines = basket.lines.filter(function (l) {
          if (l.sku === sku) l.qty = qty;
          return l.qty > 0;
        });
        draw(focus);
      }
      function lineView(list, l, d) {
        var item = l.item || { title: l.sku, price: 0 };
        var name = nameOf(item, d);
        var id = "q-" + l.sku.replace(/[^\w-]/g, "_");
        var info = el("div", {}, [
          el("p", { "class": "basket__name" }, [item.url ? el("a", { href: item.url, text: name }) : document.createTextNode(name)]),
          l.out ? el("p", { text: fill(l.out === "gone" ? d.gone : d.soldOut, { name: name }) })
            : el("p", { "class": "meta", text: fill(d.each, { price: money(list, item.price) }) }),
        ]);
        var tools = el("div", { "class": "basket__tools" });
        if (!l.out) {
          var input = el("input", { id: id, type: "number", min: "1", max: String(item.cap), value: String(l.qty), inputmode: "numeric" });
          input.addEventListener("change", function () {
            change(l.sku, Math.max(1, Math.min(item.cap, Math.floor(+input.value) || 1)), "#" + id);
          });
          var less = el("button", { type: "button", "aria-label": fill(d.less, { name: name }), "data-less": l.sku, text: "−" });
          var more = el("button", { type: "button", "aria-label": fill(d.more, { name: name }), "data-more": l.sku, text: "+" });
          if (l.qty <= 1) less.disabled = true;
          if (l.qty >= item.cap) more.disabled = true;
          less.addEventListener("click", function () { change(l.sku, l.qty - 1, "[data-less='" + l.sku + "']"); });
          more.addEventListener("click", function () { change(l.sku, l.qty + 1, "[data-more='" + l.sku + "']"); });
          tools.appendChild(el("span", { "class": "basket__stepper" }, [
            el("label", { "for": id, "class": "visually-hidden", text: d.quantity }), less, input, more]));
          tools.appendChild(el("p", { text: money(list, item.price * l.qty) }));
        }
        var remove = el("button", { type: "button", "class": "basket__remove", text: "×", "aria-label": fill(d.remove, { name: name }) });
        remove.addEventListener("click", function () { change(l.sku, 0, "x-none"); });
        tools.appendChild(remove);
        var photo = item.photo ? el("img", { src: item.photo, alt: "", width: "72", height: "72", loading: "lazy" }) : el("span");
        return el("li", { "class": "basket__line" + (l.out ? " basket__line--out" : "") }, [photo, info, tools]);
      }
      draw();
    }).catch(function () { /* no price list: the lines stay hidden */ });
  }

  // The order message and the ways to send it.
  function checkout(list, t, country, countryName) {
    var page = document.querySelector("[data-basket-page]");
    var d = page.dataset;
    var section = page.querySelector(".basket__checkout");
    section.hidden = !(t.kept.length && t.postage !== null);
    var pay = page.querySelector(".basket__pay");
    if (pay) payByCard(pay, d, t, country);
    if (section.hidden) return;
    var code = orderCode(list, t.kept, country, t.postage);
    var amount = function (label, minor) { return fill(d.amount, { label: label, amount: money(list, minor) }); };
    var text = [d.intro, ""].concat(t.kept.map(function (l) {
      var name = nameOf(l.item, d);
      return fill(d.line, { quantity: l.qty, name: name, sku: l.sku, amount: money(list, l.item.price * l.qty) });
    }), ["", fill(d.shipTo, { country: fill(d.brackets, { text: countryName, aside: country }) }),
      amount(d.subtotal, t.subtotal), amount(d.postage, t.postage),
      amount(d.total, t.subtotal + t.postage), "", d.address, "", "", fill(d.code, { code: code })]).join("\n");
    page.querySelector(".basket__message").value = text;
    var subject = fill(d.subject, { shop: d.shop });
    var tooLong = page.querySelector(".basket__too-long");
    tooLong.hidden = true;
    section.querySelectorAll("[data-send]").forEach(function (a) {
      if (a.dataset.send === "whatsapp") a.href = a.href.split("?")[0] + "?text=" + encodeURIComponent(text);
      if (a.dataset.send !== "email") return;
      var href = "mailto:" + a.dataset.to + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(text);
      a.hidden = href.length > 1900;
      a.href = href;
      if (a.hidden) { tooLong.hidden = false; tooLong.textContent = fill(d.tooLong, { email: a.dataset.to }); }
    });
    var copy = section.querySelector("[data-copy]");
    copy.onclick = function () {
      var done = function () { copy.textContent = d.copied; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, done);
    };
  }

  // "Pay by card": the checkout function answers `{url}` of Stripe's page, or `{error}`,
  // whose message the page shows in its language.
  function payByCard(pay, d, t, country) {
    pay.hidden = !(t.kept.length && t.postage !== null);
    var button = pay.querySelector("[data-pay-button]");
    var status = pay.querySelector(".basket__pay-status");
    var messages = { unknown: d.payUnknown, stock: d.payStock, country: d.payCountry };
    button.onclick = function () {
      button.disabled = true;
      status.textContent = d.payOpening;
      var items = t.kept.map(function (l) { return { sku: l.sku, qty: l.qty }; });
      fetch(d.pay, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ items: items, country: country, lang: d.language }),
      }).then(function (r) { return r.json(); }).then(function (answer) {
        if (!answer.url) throw answer.error;
        location.assign(answer.url);
      }).catch(function (error) {
        button.disabled = false;
        status.textContent = messages[error] || d.payFailed;
      });
    };
  }

  // Back from a paid Stripe checkout: the thanks page (the theme's, or the seller's own
  // pages/thanks.md) with the session's id empties the basket.
  if (location.pathname === script.dataset.thanks && /[?&]session_id=/.test(location.search)) {
    save({ lines: [], country: load().country });
  }
  showCount(load());
  document.querySelectorAll("form[data-basket-add]").forEach(addForm);
  var page = document.querySelector("[data-basket-page]");
  if (page) basketPage(page);
  // For tests/tools/basket.mjs, which checks these agree with `shop` on a table of orders.
  window.shopBasket = { postage: postage, zoneFor: zoneFor, orderCode: orderCode };
}());
