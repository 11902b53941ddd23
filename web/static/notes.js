// Notes on a passage (web/templates/_work.html): words selected in an email's text fill the note
// form's passage, with which of its occurrences in the text was selected (the server finds that
// one in the email's body; the page markers between pages are not part of the body).
(function () {
  "use strict";
  var form = document.querySelector("form.note-form");
  var text = document.querySelector(".email-text .body-text");
  if (!form || !text) { return; }
  var quote = form.querySelector("[data-note-quote]");
  var occurrence = form.querySelector("[data-note-occurrence]");
  if (!quote || !occurrence) { return; }

  // The body's text of a part of the email's text: each page marker ("— DEA-MSFT-000061 (p. 9) —")
  // and the line break the page shows after it left out (a passage selected over a page break
  // quoted the marker, and was kept as a passage not found in the email's text).
  function bodyText(nodes) {
    var pins = nodes.querySelectorAll("a.pin");
    for (var i = 0; i < pins.length; i += 1) {
      var next = pins[i].nextSibling;
      if (next && next.nodeType === 3 && next.data.charAt(0) === "\n") { next.data = next.data.slice(1); }
      pins[i].parentNode.removeChild(pins[i]);
    }
    return nodes.textContent;
  }

  function take() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var chosen = bodyText(range.cloneContents());
    if (!chosen.trim()) { return; }
    var before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var offset = bodyText(before.cloneContents()).length;
    var whole = bodyText(text.cloneNode(true));
    var count = 0;
    for (var at = whole.indexOf(chosen); at !== -1 && at < offset; at = whole.indexOf(chosen, at + chosen.length)) {
      count += 1;
    }
    quote.value = chosen.slice(0, quote.maxLength > 0 ? quote.maxLength : chosen.length);
    occurrence.value = String(count);
  }

  text.addEventListener("mouseup", take);
  text.addEventListener("keyup", take);
  quote.addEventListener("input", function () { occurrence.value = "0"; });
}());
