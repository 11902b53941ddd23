// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function announce(button, text) {
    var status = button.parentNode.querySelector(".copy-status");
    if (status) {
      status.textContent = text;
      window.setTimeout(function () { status.textContent = ""; }, 2500);
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(target.textContent.trim()).then(
          function () { announce(button, "Copied"); },
          function () { announce(button, "Select the text and copy it"); }
        );
      });
    });
  }

  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function setUpKeyboard() {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-nav-item]"));
    document.querySelectorAll(".keyboard-hint").forEach(function (hint) { hint.hidden = false; });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event)) { return; }
      if (event.key === "/") {
        var box = document.querySelector("[data-search-box]");
        if (box) { event.preventDefault(); box.focus(); box.select(); }
        return;
      }
      if (event.key !== "j" && event.key !== "k") { return; }
      if (items.length) {
        var current = items.findIndex(function (item) { return item.contains(document.activeElement); });
        var next = event.key === "j" ? current + 1 : current - 1;
        if (current === -1) { next = event.key === "j" ? 0 : items.length - 1; }
        if (next >= 0 && next < items.length) {
          var link = items[next].querySelector("a");
          if (link) { event.preventDefault(); link.focus(); link.scrollIntoView({block: "nearest"}); }
        }
        return;
      }
      var rel = document.querySelector(event.key === "j" ? "a[data-nav=next]" : "a[data-nav=prev]");
      if (rel) { event.preventDefault(); window.location.href = rel.href; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons();
    setUpKeyboard();
  });
}());
