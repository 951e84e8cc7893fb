// Sort, filter and page tables in the browser: the site has no server.
(function () {
  "use strict";
  function cellKey(cell) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    var num = Number(raw.replace(/,/g, ""));
    return raw !== "" && !isNaN(num) ? num : raw.toLowerCase();
  }
  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === "number" ? -1 : 1;
  }
  function paginate(table) {
    var size = Number(table.getAttribute("data-page-size") || 0);
    if (!size) return;
    var page = Number(table.getAttribute("data-page") || 0);
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hasAttribute("data-out"); });
    var pages = Math.max(1, Math.ceil(rows.length / size));
    if (page >= pages) page = pages - 1;
    table.setAttribute("data-page", page);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { r.style.display = "none"; });
    rows.slice(page * size, (page + 1) * size).forEach(function (r) { r.style.display = ""; });
    var pager = table.nextElementSibling;
    if (!pager || !pager.classList.contains("pager")) {
      pager = document.createElement("div");
      pager.className = "pager";
      table.parentNode.insertBefore(pager, table.nextSibling);
    }
    pager.innerHTML = "";
    var prev = document.createElement("button"), next = document.createElement("button");
    prev.textContent = "‹ previous"; next.textContent = "next ›";
    prev.disabled = page === 0; next.disabled = page >= pages - 1;
    prev.onclick = function () { table.setAttribute("data-page", page - 1); paginate(table); };
    next.onclick = function () { table.setAttribute("data-page", page + 1); paginate(table); };
    pager.appendChild(prev);
    pager.appendChild(document.createTextNode(" page " + (page + 1) + " of " + pages + " (" + rows.length + " rows) "));
    pager.appendChild(next);
  }
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("sorted-asc");
        Array.prototype.forEach.call(heads, function (o) { o.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = compare(cellKey(a.cells[index]), cellKey(b.cells[index]));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        table.setAttribute("data-page", 0);
        paginate(table);
      });
    });
    paginate(table);
  }
  function filterBox(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) return;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var text = r.textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
        if (keep) { r.removeAttribute("data-out"); r.style.display = ""; }
        else { r.setAttribute("data-out", ""); r.style.display = "none"; }
      });
      table.setAttribute("data-page", 0);
      paginate(table);
    });
  }
  // A table rendered from embedded JSON (the list of all reports): only the visible page is in the DOM.
  function dataTable(host) {
    var rows = JSON.parse(document.getElementById(host.getAttribute("data-source")).textContent);
    var columns = host.getAttribute("data-columns").split(",");
    var size = 100, page = 0, sortIndex = -1, asc = true, shown = rows;
    var input = document.createElement("input");
    input.type = "search"; input.className = "filter"; input.placeholder = "filter reports…";
    input.setAttribute("aria-label", "filter reports");
    var table = document.createElement("table"); table.className = "sortable"; table.id = "all-reports";
    var pager = document.createElement("div"); pager.className = "pager";
    host.appendChild(input); host.appendChild(table); host.appendChild(pager);
    var head = "<thead><tr>" + columns.map(function (c) { return "<th>" + c + "</th>"; }).join("") + "</tr></thead>";
    function esc(v) { return String(v === null || v === undefined ? "" : v).replace(/[&<>'"]/g, function (ch) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&quot;"}[ch]; }); }
    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / size));
      if (page >= pages) page = pages - 1;
      var body = shown.slice(page * size, (page + 1) * size).map(function (r) {
        return "<tr><td><a href='reports/" + esc(r[10]) + ".html'>" + esc(r[0]) + "</a></td><td>" + esc(r[1]) +
          "</td><td><a href='" + esc(r[11]) + "'>" + esc(r[2]) + "</a></td><td class=num>" + esc(r[3]) +
          "</td><td>" + esc(r[4]) + "</td><td>" + esc(r[5]) + "</td><td><span class='badge st-" +
          esc(String(r[6]).replace(/ /g, "-")) + "'>" + esc(r[6]) + "</span></td><td class=num>" + esc(r[7]) +
          "</td><td>" + esc(r[8]) + "</td><td>" + esc(r[9]) + "</td></tr>";
      }).join("");
      table.innerHTML = head + "<tbody>" + body + "</tbody>";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
        if (i === sortIndex) th.className = asc ? "sorted-asc" : "sorted-desc";
        th.onclick = function () {
          asc = sortIndex === i ? !asc : true; sortIndex = i;
          shown = shown.slice().sort(function (a, b) { var c = compare(a[i], b[i]); return asc ? c : -c; });
          page = 0; render();
        };
      });
      pager.innerHTML = "";
      var prev = document.createElement("button"), next = document.createElement("button");
      prev.textContent = "‹ previous"; next.textContent = "next ›";
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
      prev.onclick = function () { page -= 1; render(); };
      next.onclick = function () { page += 1; render(); };
      pager.appendChild(prev);
      pager.appendChild(document.createTextNode(" page " + (page + 1) + " of " + pages + " (" + shown.length + " reports) "));
      pager.appendChild(next);
    }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      shown = rows.filter(function (r) {
        var text = r.slice(0, 10).join(" ").toLowerCase();
        return words.every(function (w) { return text.indexOf(w) >= 0; });
      });
      page = 0; render();
    });
    render();
  }
  document.querySelectorAll("table.sortable").forEach(sortable);
  document.querySelectorAll("input.filter[data-table]").forEach(filterBox);
  document.querySelectorAll("div.datatable").forEach(dataTable);
})();
