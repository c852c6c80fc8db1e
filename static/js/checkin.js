/* Check-in page (backoffice/checkin.html).
 *
 * Without JavaScript the page is plain forms. With it:
 * - the forms are posted with fetch and only the result and the counters are swapped in,
 *   so the camera keeps running between two badges;
 * - "Scanner un badge" reads QR codes from the phone's camera with jsQR (vendored);
 * - the counters refresh every 30 seconds (other phones check people in too).
 * Texts come from data attributes, translated by the server.
 */
(function () {
  "use strict";
  var page = document.querySelector("[data-checkin-page]");
  if (!page || !window.fetch || !window.DOMParser) return;

  function swap(html, ids) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ids.forEach(function (id) {
      var source = fresh.getElementById(id);
      var target = document.getElementById(id);
      if (source && target) target.innerHTML = source.innerHTML;
    });
  }

  function post(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      // The search results too: whoever was just checked in shows as present there.
      .then(function (html) { swap(html, ["checkin-result", "checkin-counters", "search-results"]); })
      .catch(function () { form.submit(); });
  }

  var codeForm = page.querySelector("[data-code-form]");
  var codeInput = codeForm.querySelector("input[name=code]");

  // Delegated: the search results are swapped in anew after each check-in.
  page.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-checkin-form]");
    if (!form) return;
    event.preventDefault();
    post(form).then(function () {
      if (form === codeForm) {
        codeInput.value = "";
        codeInput.focus();
      } else {
        // Picked in the search results: their card takes the button's place there, so it
        // stays in view; focusing its heading reads it out.
        var heading = document.querySelector("#search-results .checkin-result [tabindex]") ||
          document.querySelector("#checkin-result .checkin-result [tabindex]");
        if (heading) heading.focus();
      }
    });
  });

  window.setInterval(function () {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) swap(html, ["checkin-counters"]); })
      .catch(function () {});
  }, 30000);

  var scanner = page.querySelector("[data-scanner]");
  var media = navigator.mediaDevices;
  if (!scanner || !window.jsQR || !media || !media.getUserMedia) return;
  scanner.hidden = false;
  var toggle = scanner.querySelector("[data-scan-toggle]");
  var video = scanner.querySelector("[data-scan-video]");
  var status = scanner.querySelector("[data-scan-status]");
  var startLabel = toggle.textContent;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var busy = false;
  var lastCode = "";
  var lastAt = 0;

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    toggle.textContent = startLabel;
    toggle.setAttribute("aria-pressed", "false");
    status.textContent = "";
  }

  function scan() {
    if (!stream) return;
    if (!busy && video.readyState >= 2 && video.videoWidth) {
      // 640 px on the long side is plenty for a badge's QR code and keeps jsQR quick.
      var scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same badge stays in front of the camera for a while: read it once.
      if (found && found.data && (found.data !== lastCode || now - lastAt > 5000)) {
        lastCode = found.data;
        lastAt = now;
        busy = true;
        codeInput.value = found.data;
        if (navigator.vibrate) navigator.vibrate(80);
        post(codeForm).then(function () { codeInput.value = ""; busy = false; });
      }
    }
    window.setTimeout(scan, 150);
  }

  toggle.addEventListener("click", function () {
    if (stream) { stop(); return; }
    media.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (cameraStream) {
        stream = cameraStream;
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        toggle.textContent = scanner.dataset.stopLabel;
        toggle.setAttribute("aria-pressed", "true");
        status.textContent = scanner.dataset.scanningText;
        scan();
      })
      .catch(function () { status.textContent = scanner.dataset.unavailableText; });
  });
})();
