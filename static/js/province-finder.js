/* Province finder: filters the lists as one types (the form filters on the server without
   JavaScript). Folding as localities.text.fold: no diacritics, "đ" as "d", lower case. */
(function () {
  "use strict";
  var input = document.querySelector("[data-live-filter]");
  if (!input) { return; }
  var root = document.getElementById(input.dataset.liveFilter);
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^0-9a-z]+/g, " ").trim();
  }
  input.addEventListener("input", function () {
    var words = fold(input.value).split(" ").filter(Boolean);
    root.querySelectorAll("li[data-search]").forEach(function (item) {
      var key = item.dataset.search;
      item.hidden = !words.every(function (w) { return key.indexOf(w) !== -1; });
    });
  });
})();
