// Videos on YouTube, Vimeo or Bilibili, played in the page only when asked: each is a
// link to the video on its host (what a visitor without JavaScript follows), turned here
// into a button that puts the host's player in its place on click. Nothing is requested
// from the host before that click.
(function () {
  "use strict";
  document.querySelectorAll("a.video__frame[data-embed]").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    while (link.firstChild) button.appendChild(link.firstChild);
    button.querySelector(".video__label").textContent = link.dataset.play;
    button.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.className = "video__player";
      player.src = link.dataset.embed;
      player.title = link.dataset.title;
      player.allow = "fullscreen; picture-in-picture; encrypted-media";
      player.allowFullscreen = true;
      player.loading = "lazy";
      player.referrerPolicy = "strict-origin-when-cross-origin";
      button.replaceWith(player);
      player.focus();
    });
    link.replaceWith(button);
  });
})();
