// "Imprimer" buttons: hidden without JavaScript (the browser's own print menu still works).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
