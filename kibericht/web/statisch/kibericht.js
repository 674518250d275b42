// kibericht im Browser: small enhancements of pages that work without JavaScript as well.
// Dropping a workbook on the upload field chooses it and starts the check. In the guided setup,
// a field whose message htmx replaced is marked invalid exactly while the message is an error.
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
  function feldstatus() {
    document.querySelectorAll(".feldmeldung[data-fuer]").forEach(function (meldung) {
      var feld = document.getElementById(meldung.getAttribute("data-fuer"));
      if (!feld) { return; }
      var fehler = meldung.querySelector(".fehler") !== null;
      if (fehler) { feld.setAttribute("aria-invalid", "true"); } else { feld.removeAttribute("aria-invalid"); }
      var huelle = feld.closest(".feld");
      if (huelle) { huelle.classList.toggle("fehlerhaft", fehler); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ablage]").forEach(ablage);
  });
  document.addEventListener("htmx:afterSettle", feldstatus);
  document.addEventListener("htmx:oobAfterSwap", feldstatus);
}());
