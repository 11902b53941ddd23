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

  // A citation's "(last visited …)" is the reader's own day, not the server's (UTC): a reader in
  // New York at 7 PM on Dec. 6 cites Dec. 6.
  function localVisitedDays() {
    document.querySelectorAll("[data-visited][data-months]").forEach(function (span) {
      var months = span.getAttribute("data-months").split("|");
      var today = new Date();
      if (months.length !== 12) { return; }
      span.textContent = "(last visited " + months[today.getMonth()] + " " + today.getDate() + ", " +
        today.getFullYear() + ")";
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
      if (event.key === "e") {  // an editor's correction form on the email page
        var form = document.querySelector("details[data-correct]");
        if (form) {
          event.preventDefault();
          form.open = true;
          form.querySelector("input:not([type=hidden])").focus();
        }
        return;
      }
      if (event.key === "c") {  // an editor marks the email checked (and goes on in the queue)
        var check = document.querySelector("button[data-check]");
        if (check) { event.preventDefault(); check.click(); }
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

  // Page images: a click (or the button) swaps in the sharp rendering, enlarged, inside a box
  // that scrolls; dragging moves it around. Without this file the link opens that image.
  function setUpZoom() {
    document.querySelectorAll("a[data-zoom]").forEach(function (link) {
      var image = link.querySelector("img");
      var bar = link.previousElementSibling;
      var button = bar && bar.querySelector("[data-zoom-toggle]");
      if (!image || !button) { return; }
      bar.hidden = false;
      var dragged = false;

      function zoom(on) {
        if (on && !image.dataset.fitSrcset) {
          image.dataset.fitSrcset = image.getAttribute("srcset") || "";
        }
        if (on) {
          image.removeAttribute("srcset");
          image.src = image.dataset.zoomSrc;
        } else if (image.dataset.fitSrcset) {
          image.setAttribute("srcset", image.dataset.fitSrcset);
        }
        link.classList.toggle("zoomed", on);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = on ? "Fit to width" : "Zoom in";
      }

      function toggle(event, x, y) {
        var on = !link.classList.contains("zoomed");
        var box = link.getBoundingClientRect();
        var fx = x === undefined ? 0.5 : (x - box.left) / box.width;
        var fy = y === undefined ? 0 : (y - box.top) / box.height;
        zoom(on);
        if (on) {  // keep the point clicked under the pointer
          var center = function () {
            link.scrollLeft = fx * link.scrollWidth - link.clientWidth / 2;
            link.scrollTop = fy * link.scrollHeight - link.clientHeight / 2;
          };
          if (image.complete) { center(); } else { image.addEventListener("load", center, {once: true}); }
        }
      }

      button.addEventListener("click", function (event) { toggle(event); });
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        if (dragged) { dragged = false; return; }
        toggle(event, event.clientX, event.clientY);
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && link.classList.contains("zoomed")) { zoom(false); }
      });
      var start = null;
      link.addEventListener("pointerdown", function (event) {
        if (event.pointerType !== "mouse" || !link.classList.contains("zoomed")) { return; }
        start = {x: event.clientX, y: event.clientY, left: link.scrollLeft, top: link.scrollTop};
        dragged = false;
      });
      link.addEventListener("pointermove", function (event) {
        if (!start) { return; }
        var dx = event.clientX - start.x, dy = event.clientY - start.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) { dragged = true; }
        link.scrollLeft = start.left - dx;
        link.scrollTop = start.top - dy;
      });
      ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
        link.addEventListener(name, function () { start = null; });
      });
      link.addEventListener("dragstart", function (event) { event.preventDefault(); });
    });
  }

  // A batch's page: its figures and each file's outcome, polled from its JSON twin while it runs;
  // the finished page is loaded once (without JavaScript the page refreshes itself instead).
  function setUpBatchPoll() {
    var box = document.querySelector("[data-batch-status]");
    if (!box || box.getAttribute("data-finished") === "yes" || !window.fetch) { return; }
    function poll() {
      window.fetch(box.getAttribute("data-batch-status"), {credentials: "same-origin", cache: "no-store"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          box.querySelectorAll("[data-field]").forEach(function (el) {
            var value = data[el.getAttribute("data-field")];
            el.textContent = value === null || value === "" ? "–" : String(value);
          });
          data.files.forEach(function (f) {
            var cell = box.querySelector('[data-file="' + f.ordinal + '"] .file-status');
            if (cell) { cell.textContent = f.status; }
          });
          if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpBatchPoll();
    localVisitedDays();
    setUpCopyButtons();
    setUpKeyboard();
    setUpZoom();
    // On a phone the filters come first, folded, so the results start on the first screen.
    if (window.matchMedia("(max-width: 900px)").matches) {
      document.querySelectorAll("details[data-closed-on-phones]").forEach(function (d) { d.open = false; });
    }
  });
}());
