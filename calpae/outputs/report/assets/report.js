/* CALPAE report: sortable tables. */
(function () {
  "use strict";

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort");
    if (kind === "num") {
      if (raw === null) raw = cell.textContent.replace(/\s/g, "").replace(",", ".");
      var value = parseFloat(raw);
      return isNaN(value) ? null : value;
    }
    return (raw !== null ? raw : cell.textContent).trim().toLowerCase();
  }

  function compare(a, b, ascending) {
    if (a === b) return 0;
    if (a === null || a === "") return 1;  /* empty cells last */
    if (b === null || b === "") return -1;
    var order = a < b ? -1 : 1;
    return ascending ? order : -order;
  }

  function columnIndex(header) {
    var index = 0, cell = header;
    while ((cell = cell.previousElementSibling)) index += cell.colSpan || 1;
    return index;
  }

  function sortBy(header) {
    var table = header.closest("table");
    var body = table.tBodies[0];
    if (!body) return;
    var index = columnIndex(header);
    var kind = header.getAttribute("data-kind");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      return compare(cellValue(r1, index, kind), cellValue(r2, index, kind), ascending);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("table.sortable thead tr:last-child th[data-kind]").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
    });
  });
})();
