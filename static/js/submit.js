/* Submission form: show similar initiatives while the title is typed; mark one as the origin. */
(function () {
  "use strict";
  var box = document.getElementById("similar");
  var title = document.getElementById("id_title");
  var origin = document.getElementById("id_replicated_from");
  if (!box || !title) { return; }
  var timer = null;
  function bind() {
    box.querySelectorAll(".mark-replicated").forEach(function (button) {
      button.addEventListener("click", function () {
        if (origin) { origin.value = button.dataset.pk; origin.focus(); }
      });
    });
  }
  function check() {
    if (title.value.trim().split(/\s+/).length < 2) { box.innerHTML = ""; return; }
    fetch(box.dataset.url + "?title=" + encodeURIComponent(title.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { box.innerHTML = html; bind(); });
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 350);
  });
  // A title typed before this script ran (slow network) or kept after a failed submit.
  if (!box.children.length && title.value) { check(); }
  bind();
})();
