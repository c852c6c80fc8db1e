// The element a page wants read first — the error summary of a form that failed, the
// confirmation of a registration — gets the focus on load, so that screen readers announce
// it and keyboard users start from it (RGAA 11.10).
const target = document.querySelector("[data-focus-on-load]");
if (target) {
  target.focus();
}
