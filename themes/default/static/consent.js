// Google Analytics behind consent: nothing is loaded and no cookie is set until the
// visitor accepts; the choice is remembered in this browser. Without JavaScript there is
// no banner and no counting.
(function () {
  "use strict";
  var banner = document.getElementById("consent");
  if (!banner) return;
  var key = "shop-analytics-consent";
  var id = banner.dataset.gaId;

  function load() {
    var script = document.createElement("script");
    script.async = true;
    script.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id);
    document.head.appendChild(script);
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", id);
  }

  var choice = null;
  try { choice = localStorage.getItem(key); } catch (e) { /* storage blocked: ask every time */ }
  if (choice === "yes") return load();
  if (choice === "no") return;
  banner.hidden = false;
  banner.addEventListener("click", function (event) {
    var answer = event.target.getAttribute("data-consent");
    if (!answer) return;
    try { localStorage.setItem(key, answer); } catch (e) { /* remembered for this page only */ }
    banner.hidden = true;
    if (answer === "yes") load();
  });
})();
