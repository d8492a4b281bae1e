/* "In trang" buttons (data-print): print the page. Kept out of the HTML for the CSP. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
