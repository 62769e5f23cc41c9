/* CALPAE report: sortable tables; a packed page's content unpacked (report/pack.py). */
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

  function bindTables(scope) {
    scope.querySelectorAll("table.sortable thead tr:last-child th[data-kind]").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
      });
    });
  }

  /* Says the page is shown (its content unpacked, when packed): to a page
     that opened it in a frame (bench/report.py times pages this way). */
  function ready() {
    document.documentElement.setAttribute("data-ready", "");
    if (window.parent !== window) window.parent.postMessage("calpae:ready", "*");
  }

  function decoded(base64) {
    var text = atob(base64), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function unpack(main, data) {
    if (typeof DecompressionStream === "undefined") {
      main.textContent = "Ce navigateur ne sait pas ouvrir une page compressée : " +
        "reconstruire le rapport avec « calpae report --no-pack ».";
      return;
    }
    var stream = new Blob([decoded(data.textContent)]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).text().then(function (html) {
      main.innerHTML = html;
      main.removeAttribute("data-packed");
      data.remove();
      bindTables(main);
      var id = location.hash && decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target) { target.classList.add("target"); target.scrollIntoView(); }
      ready();
    });
  }

  var packedMain = document.querySelector("main[data-packed]");
  var packedData = document.getElementById("packed");
  if (packedMain && packedData) {
    unpack(packedMain, packedData);
  } else {
    bindTables(document);
    if (document.readyState === "complete") ready();
    else window.addEventListener("load", ready);
  }
})();
