// Accessibility touches for Django's own admin widgets (templates/admin/base_site.html).
"use strict";
// The filter boxes of "filter_horizontal" selectors carry an aria-label on a bare <span>,
// which ARIA forbids (axe-core: aria-prohibited-attr): make them images with that name.
// They are built on "load", by a listener registered before this one.
window.addEventListener("load", function () {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (span) {
    span.setAttribute("role", "img");
  });
});
