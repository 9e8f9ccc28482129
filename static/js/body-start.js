// Lets GOV.UK Frontend styles know JavaScript is running, before the page paints.
// Loaded as a file because the Content Security Policy forbids inline scripts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
