// Exhibit lists (web/templates/exhibit_list.html): drag a row onto another to give it that row's
// number; the row's own "Renumber" form is sent, so without JavaScript the same forms work by hand.
// A row its reader may not read (data-hidden) keeps its number: it is not dragged, and a row
// dropped on it goes to the nearest row beyond it (the server's rule for that number).
(function () {
  "use strict";
  var rows = document.querySelectorAll("table.exhibit-table tr[data-exhibit]");
  var dragged = null;
  Array.prototype.forEach.call(rows, function (row) {
    var movable = row.querySelector("form[data-move]") !== null;
    if (movable) { row.setAttribute("draggable", "true"); }
    row.addEventListener("dragstart", function (event) {
      if (!movable) { return; }
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-exhibit"));
      row.classList.add("dragging");
    });
    row.addEventListener("dragend", function () { row.classList.remove("dragging"); dragged = null; });
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row) { event.preventDefault(); event.dataTransfer.dropEffect = "move"; }
    });
    row.addEventListener("drop", function (event) {
      if (!dragged || dragged === row) { return; }
      event.preventDefault();
      var form = dragged.querySelector("form[data-move]");
      form.querySelector("input[name=number]").value = row.getAttribute("data-exhibit");
      form.submit();
    });
  });
}());
