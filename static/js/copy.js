/* "Copier le code" next to a read-only textarea (the organiser page's embed snippet).
 * Without JavaScript the button stays hidden and the code can still be selected by hand. */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-button]");
  var source = document.querySelector("[data-copy-source]");
  var status = document.querySelector("[data-copy-status]");
  if (!button || !source) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    function done() {
      if (status) status.textContent = button.getAttribute("data-copied");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () {
        source.select();
        document.execCommand("copy");
        done();
      });
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });
})();
