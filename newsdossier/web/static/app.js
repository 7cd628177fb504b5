// newsdossier web app: the only script. No inline handlers (the Content-Security-Policy forbids
// them); text from documents is never turned into markup here.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (e) { reject(e); }
      finally { document.body.removeChild(area); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.cite");
    if (button) {
      var text = button.getAttribute("data-cite") || "";
      copyText(text).then(function () {
        button.textContent = "copied";
        button.classList.add("copied");
      }, function () {
        window.prompt("Copy this citation:", text);
      });
      setTimeout(function () { button.textContent = "cite"; button.classList.remove("copied"); }, 1500);
      return;
    }
    // a click on an entity mention in a document opens that entity
    var mention = event.target.closest(".doctext [data-entity]");
    if (mention && !window.getSelection().toString()) {
      window.location.href = "/entities/" + encodeURIComponent(mention.getAttribute("data-entity"));
    }
  });

  // bring the marked span (?hl=start-end) into view, centred
  function showMarked() {
    var marked = document.querySelector(".doctext .hl");
    if (marked) { marked.scrollIntoView({ block: "center" }); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showMarked);
  } else {
    showMarked();
  }
})();
