// What JavaScript adds to a product page, which works without it: the photo strip's dot
// of the photo in view is marked; on a phone, once the buy buttons have scrolled away, a
// slim bar with the price and Buy stays at the bottom and jumps back to them; the message
// to order by WeChat gets a copy button in place of its folded text; and on wide screens
// the shorter of photos and buying column stays in view, by its bottom when it is taller
// than the window.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 30rem)");

  var strip = document.querySelector(".gallery");
  var dots = Array.prototype.slice.call(document.querySelectorAll(".gallery__dots a"));
  if (strip && dots.length) {
    var slides = Array.prototype.slice.call(strip.children);
    var mark = function (index) {
      dots.forEach(function (dot, i) {
        if (i === index) dot.setAttribute("aria-current", "true");
        else dot.removeAttribute("aria-current");
      });
    };
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) mark(slides.indexOf(entry.target));
      });
    }, { root: strip, threshold: 0.6 });
    slides.forEach(function (slide) { seen.observe(slide); });
    dots.forEach(function (dot, i) {
      dot.addEventListener("click", function (event) {
        event.preventDefault();
        strip.scrollTo({ left: slides[i].offsetLeft - strip.offsetLeft, behavior: "smooth" });
      });
    });
  }

  var bar = document.querySelector(".buy-bar");
  var box = document.querySelector(".buybox");
  if (bar && box) {
    var price = bar.querySelector(".buy-bar__price");
    var shown = function (selector) {
      return Array.prototype.slice.call(box.querySelectorAll(selector))
        .filter(function (e) { return e.offsetParent !== null; })[0];
    };
    var update = function () {
      // Away once the chosen variant's buttons are above the screen, not before.
      var buttons = shown(".buy-buttons");
      var away = phone.matches && buttons && buttons.getBoundingClientRect().bottom < 0;
      if (away) {
        var now = shown(".price__now");
        price.textContent = now ? now.textContent : "";
      }
      bar.hidden = !away;
    };
    window.addEventListener("scroll", update, { passive: true });
    phone.addEventListener("change", update);
  }

  document.querySelectorAll(".ask__copy").forEach(function (button) {
    var folded = button.nextElementSibling;
    if (!navigator.clipboard) return;
    button.hidden = false;
    if (folded) folded.hidden = true;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });

  var columns = Array.prototype.slice.call(document.querySelectorAll("[data-sticky]"));
  var stick = function () {
    columns.forEach(function (column) { column.style.top = ""; });
    if (columns.length !== 2 || phone.matches) return;
    var shorter = columns[0].offsetHeight <= columns[1].offsetHeight ? columns[0] : columns[1];
    var bottom = window.innerHeight - shorter.offsetHeight - 24;
    if (bottom < parseFloat(getComputedStyle(shorter).top)) shorter.style.top = bottom + "px";
  };
  if (columns.length) {
    stick();
    window.addEventListener("resize", stick);
    window.addEventListener("load", stick);
  }
})();
