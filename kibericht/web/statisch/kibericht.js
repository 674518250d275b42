// kibericht im Browser: small enhancements of pages that work without JavaScript as well.
// Dropping a workbook on the upload field chooses it and starts the check.
(function () {
  "use strict";
  function ablage(form) {
    var feld = form.querySelector("input[type=file]");
    if (!feld) { return; }
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (ereignis) {
        ereignis.preventDefault();
        form.classList.add("ziehen");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("ziehen"); });
    });
    form.addEventListener("drop", function (ereignis) {
      ereignis.preventDefault();
      if (ereignis.dataTransfer && ereignis.dataTransfer.files.length) {
        feld.files = ereignis.dataTransfer.files;
        form.requestSubmit();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ablage]").forEach(ablage);
  });
}());
