// Kiosk mode only (loaded when the page is for an enrolled kiosk): the "Print this" button.
// Without JavaScript the button stays hidden; the page still prints from the browser's own print.
for (const button of document.querySelectorAll("[data-kiosk-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
