// The progress page of a document prepared in the background (backoffice/preparation.py):
// asks for its state every 1.5 s, updates the label and the progress bar (read by screen
// readers through the role="status" region), and starts the download once it is ready.
// Without JavaScript, the page reloads itself (<meta http-equiv="refresh">).
(function () {
  "use strict";
  var page = document.querySelector("[data-document-progress]");
  if (!page) {
    return;
  }
  var label = page.querySelector("[data-label]");
  var bar = page.querySelector("[data-bar]");
  var ready = page.querySelector("[data-ready]");
  var link = page.querySelector("[data-download]");
  var error = page.querySelector("[data-error]");
  var waiting = page.querySelector("[data-waiting]");
  var PERIOD = 1500;

  function show(state) {
    if (label.textContent !== state.label) {
      label.textContent = state.label;
    }
    if (bar && state.total) {
      bar.max = state.total;
      bar.value = state.done;
      bar.textContent = state.done + " / " + state.total;
    }
    if (state.status === "ready") {
      link.href = state.download_url;
      ready.hidden = false;
      if (waiting) {
        waiting.hidden = true;
      }
      window.location.assign(state.download_url);
      return true;
    }
    if (state.status === "failed") {
      error.textContent = state.error;
      error.hidden = false;
      if (bar) {
        bar.hidden = true;
      }
      if (waiting) {
        waiting.hidden = true;
      }
      return true;
    }
    return false;
  }

  function poll() {
    fetch(page.dataset.statusUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (!show(state)) {
          window.setTimeout(poll, PERIOD);
        }
      })
      .catch(function () {
        window.setTimeout(poll, PERIOD * 2);
      });
  }

  if (ready.hidden && error.hidden) {
    window.setTimeout(poll, PERIOD);
  }
})();
