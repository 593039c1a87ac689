// masterplan web: the tables of an answers form as spreadsheet-like grids (Tabulator, installed by the setup).
//
// The values stay in the form: each row's cells are hidden fields named as the row cards name them, so a save,
// the copy kept while typing and a save carried through a login work as they do without this file. The grid
// reads those fields, and writes back the rows an edit, a paste or an undo changed. Text from answers is only
// ever put into the page as text.
(function () {
  "use strict";
  if (!window.Tabulator) { return; }
  var grids = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function escaped(text) { return el("span", "", text).innerHTML; }
  function yearField(c, y) { return "t" + c + "_" + y; }
  function norm(text) { return String(text === undefined || text === null ? "" : text).trim().toLowerCase(); }

  // --- between the hidden fields and the grid's rows ---------------------------------------------------------

  function pairsOf(container, prefix) {
    var rows = {};
    Array.prototype.forEach.call(container.querySelectorAll("input"), function (input) {
      if (input.name.indexOf(prefix) !== 0) { return; }
      var rest = input.name.slice(prefix.length);
      var dot = rest.indexOf(".");
      var index = parseInt(rest.slice(0, dot), 10);
      if (isNaN(index)) { return; }
      (rows[index] = rows[index] || []).push([rest.slice(dot + 1), input.value]);
    });
    return rows;
  }

  function rowFromPairs(spec, index, pairs) {
    var data = { _i: index, _src: "", _hapus: false };
    var single = {};
    var multi = {};
    var years = {};
    var statuses = {};
    pairs.forEach(function (pair) {
      var key = pair[0];
      var value = pair[1];
      if (key === "_src") { data._src = value; return; }
      if (key === "_hapus") { data._hapus = !!value; return; }
      var parts = key.split(".");
      if (parts.length === 2 && parts[1] === "tahun") { (years[parts[0]] = years[parts[0]] || []).push(value); return; }
      if (parts.length === 3 && parts[1] === "tahun") { (statuses[parts[0]] = statuses[parts[0]] || {})[parts[2]] = value; return; }
      if (parts.length !== 1) { return; }
      (multi[key] = multi[key] || []).push(value);
      single[key] = value;
    });
    spec.columns.forEach(function (column, c) {
      if (column.kind === "timeline") {
        var chosen = {};
        (years[column.id] || []).forEach(function (year, n) {
          var status = (statuses[column.id] || {})[n];
          if (status) { chosen[year] = status; }
        });
        var other = [];
        Object.keys(chosen).forEach(function (year) {
          var at = column.years.indexOf(year);
          if (at >= 0) { data[yearField(c, at)] = chosen[year]; } else { other.push([year, chosen[year]]); }
        });
        column.years.forEach(function (year, y) {
          if (!(yearField(c, y) in data)) { data[yearField(c, y)] = ""; }
        });
        data["_lain" + c] = other;  // years outside the grid's columns: posted back as they are
      } else if (column.kind === "checks") {
        data[column.id] = multi[column.id] || [];
      } else {
        data[column.id] = single[column.id] === undefined ? "" : single[column.id];
      }
    });
    return data;
  }

  function pairsOfRow(spec, data) {
    var out = [["_src", data._src || ""]];
    if (data._hapus) { out.push(["_hapus", "1"]); }
    spec.columns.forEach(function (column, c) {
      if (column.kind === "checks") {
        out.push([column.id + "._ada", "1"]);
        var picked = data[column.id] || [];
        if (typeof picked === "string") { picked = picked.split(/[;,]/).map(function (v) { return v.trim(); }).filter(Boolean); }
        picked.forEach(function (value) { out.push([column.id, value]); });
      } else if (column.kind === "timeline") {
        out.push([column.id + "._ada", "1"]);
        var chosen = [];
        column.years.forEach(function (year, y) {
          var status = data[yearField(c, y)];
          if (status) { chosen.push([year, status]); }
        });
        chosen = chosen.concat(data["_lain" + c] || []);
        if (!chosen.length) { chosen.push([column.years[0] || "", ""]); }  // an emptied timeline
        chosen.forEach(function (pair, n) {
          out.push([column.id + ".tahun", pair[0]]);
          out.push([column.id + ".tahun." + n, pair[1]]);
        });
      } else {
        out.push([column.id, data[column.id] === undefined || data[column.id] === null ? "" : String(data[column.id])]);
      }
    });
    return out;
  }

  function writeRow(grid, data) {
    var prefix = "q." + grid.spec.id + "." + data._i + ".";
    var pairs = pairsOfRow(grid.spec, data);
    var signature = JSON.stringify(pairs);
    if (grid.written[data._i] === signature) { return false; }
    grid.written[data._i] = signature;
    var box = grid.fields.querySelector("div[data-row='" + data._i + "']");
    if (!box) {
      box = el("div");
      box.setAttribute("data-row", String(data._i));
      grid.fields.appendChild(box);
    }
    box.textContent = "";
    pairs.forEach(function (pair) {
      var input = el("input");
      input.type = "hidden";
      input.name = prefix + pair[0];
      input.value = pair[1];
      box.appendChild(input);
    });
    return true;
  }

  function sync(grid) {
    window.clearTimeout(grid.timer);
    grid.timer = null;
    var changed = false;
    grid.table.getData().forEach(function (data) { changed = writeRow(grid, data) || changed; });
    var count = grid.form.querySelector("input[name='" + grid.spec.count + "']");
    if (count && count.value !== String(grid.table.getDataCount())) {
      count.value = String(grid.table.getDataCount());
      changed = true;
    }
    if (changed) { grid.form.dispatchEvent(new Event("change", { bubbles: true })); }
  }

  function later(grid) {
    if (!grid.timer) { grid.timer = window.setTimeout(function () { sync(grid); }, 60); }
  }

  // --- what a cell shows ---------------------------------------------------------------------------------------

  function labels(column) {
    if (!column._labels) {
      column._labels = {};
      column._codes = {};
      (column.options || []).forEach(function (option) {
        column._labels[option[0]] = option[1];
        column._codes[norm(option[0])] = option[0];
        column._codes[norm(option[1])] = option[0];
        var dash = option[1].indexOf(" — ");
        if (dash > 0) { column._codes[norm(option[1].slice(dash + 3))] = option[0]; }
      });
    }
    return column._labels;
  }

  // A pasted "Pembangunan", "SG-01", "sg-01 — Satu Data" or "SG-01 - any name" becomes the code; anything
  // else is kept as typed (the server keeps it and flags it).
  function code(column, value) {
    labels(column);
    var found = column._codes[norm(value)];
    if (found === undefined) {  // "SG-01 — any name": the code before the dash
      var dash = String(value).search(/ [—–-] /);
      found = dash > 0 ? column._codes[norm(String(value).slice(0, dash))] : undefined;
    }
    return found === undefined ? value : found;
  }

  function shown(column, value) {
    if (value === undefined || value === null || value === "") { return ""; }
    var known = labels(column);
    if (!column.options) { return String(value); }
    return known[value] !== undefined ? known[value] : value + " (tidak dikenal)";
  }

  function meta(grid, data) { return grid.spec.rows[data._i] || { title: "", problems: [], cells: {}, notes: [], extra: [] }; }

  // A cell's problems: those the page showed, unless the cell was changed since, and those check found in its
  // value as typed (grid.live, by field name, after the form was last kept on the server).
  function cellProblems(grid, data, columnId) {
    var found = meta(grid, data).cells[columnId];
    var edited = grid.edited[data._i] || {};
    var shownBefore = found && !edited[columnId] && !edited.all ? found.problems : [];
    var live = grid.live ? grid.live["q." + grid.spec.id + "." + data._i + "." + columnId] || [] : [];
    return shownBefore.concat(live.filter(function (text) { return shownBefore.indexOf(text) < 0; }));
  }

  // True when what the page showed for a cell were warnings only, and check found nothing more while typing.
  function onlyWarnings(grid, data, columnId) {
    var found = meta(grid, data).cells[columnId];
    var live = grid.live ? grid.live["q." + grid.spec.id + "." + data._i + "." + columnId] : null;
    return !!(found && found.warning) && !(live && live.length);
  }

  function formatter(grid, column, c, y) {
    return function (cell) {
      var data = cell.getRow().getData();
      var node = cell.getElement();
      var value = cell.getValue();
      var problems = cellProblems(grid, data, column.id);
      var warning = problems.length > 0 && onlyWarnings(grid, data, column.id);
      node.classList.toggle("cell-error", problems.length > 0 && !warning);
      node.classList.toggle("cell-warning", warning);
      if (column.kind === "timeline") {
        node.setAttribute("data-status", value || "");
        return el("span", "", value ? shown(column, value).replace(/^.* — /, "") : "");
      }
      if (column.kind === "checks") {
        return el("span", "", (value || []).map(function (v) { return shown(column, v); }).join("; "));
      }
      var text = shown(column, value);
      if (text.indexOf("(tidak dikenal)") > 0) { node.classList.add("cell-error"); }
      return el("span", column.kind === "textarea" ? "wrap" : "", text);
    };
  }

  function tooltip(grid, column) {
    return function (event, cell) {
      var problems = cellProblems(grid, cell.getRow().getData(), column.id);
      if (!problems.length) { return ""; }
      var box = el("div", "grid-tooltip");
      problems.forEach(function (text) { box.appendChild(el("p", "", text)); });
      return box;
    };
  }

  function editor(column) {
    if (column.kind === "textarea") {  // Enter starts a new line; Shift+Enter, Tab or a click elsewhere ends the edit
      return { editor: "textarea", editorParams: { verticalNavigation: "editor", shiftEnterSubmit: true } };
    }
    if (column.kind === "text") { return { editor: "input" }; }
    var values = (column.options || []).map(function (option) { return { value: option[0], label: option[1] }; });
    var params = {
      values: column.kind === "checks" ? values : [{ value: "", label: "—" }].concat(values),
      multiselect: column.kind === "checks",
      itemFormatter: function (label) { return el("span", "", label); },
    };
    if (values.length > 12 && column.kind !== "checks") {  // a long list (programmes, OPD) is searched by typing
      params.autocomplete = true;
      params.listOnEmpty = true;
      params.allowEmpty = true;
      params.filterFunc = function (term, label, value) {
        return norm(label).indexOf(norm(term)) >= 0 || norm(value).indexOf(norm(term)) >= 0;
      };
    }
    return { editor: "list", editorParams: params };
  }

  function columnsOf(grid) {
    var spec = grid.spec;
    var narrow = window.matchMedia && window.matchMedia("(max-width: 720px)").matches;
    // The row header stays in view: the row's number and what it is about (the programme's code and name).
    var first = spec.columns[0];
    var named = spec.columns.filter(function (column) { return column.id === "name"; })[0];
    grid.rowHeader = {
      title: escaped(spec.rowName.charAt(0).toUpperCase() + spec.rowName.slice(1)), frozen: true,
      width: narrow ? 128 : 230, resizable: true, cssClass: "row-head",
      formatter: function (cell) {
        var data = cell.getRow().getData();
        var m = meta(grid, data);
        var bad = m.problems.length || spec.columns.some(function (column) {
          return cellProblems(grid, data, column.id).length && !onlyWarnings(grid, data, column.id);
        });
        var title = shown(first, first.kind === "checks" ? "" : data[first.id]);
        if (named && data[named.id] && first.kind !== "select") { title += " — " + data[named.id]; }
        var box = el("span", "title", (data._i + 1) + ". " + title);
        box.title = title;
        if (bad) { box.appendChild(el("span", "mark bad", " !")); }
        if (m.notes.length) { box.appendChild(el("span", "mark note", " ✎")); }
        return box;
      },
    };
    var out = [];
    spec.columns.forEach(function (column, c) {
      var required = column.required ? " *" : "";
      if (column.kind === "timeline") {
        out.push({
          title: escaped(column.label + required), headerHozAlign: "left", columns: column.years.map(function (year, y) {
            var def = {
              title: escaped(year), field: yearField(c, y), width: 112,
              formatter: formatter(grid, column, c, y), tooltip: tooltip(grid, column), cssClass: "year",
            };
            Object.assign(def, editor(column));
            return def;
          }),
        });
        return;
      }
      var def = {
        title: escaped(column.label + required), field: column.id, headerTooltip: escaped(column.hint),
        width: column.kind === "textarea" ? 280 : (column.options ? 200 : 160),
        formatter: formatter(grid, column, c), tooltip: tooltip(grid, column),
      };
      Object.assign(def, editor(column));
      out.push(def);
    });
    out.push({
      title: "Hapus", field: "_hapus", width: 96, hozAlign: "center", editor: "tickCross",
      formatter: function (cell) { return el("span", "", cell.getValue() ? "✕ dihapus" : "☐"); },
      cellClick: function (event, cell) {  // a click strikes the row out, or takes it back
        cell.setValue(!cell.getValue());
        cell.getRow().reformat();
        later(grid);
      },
    });
    return out;
  }

  // --- the row's details below the grid ------------------------------------------------------------------------

  function detail(grid, data) {
    var box = grid.detail;
    box.textContent = "";
    if (!data) { return; }
    var m = meta(grid, data);
    var title = data[grid.spec.columns[0].id];
    box.appendChild(el("h3", "", "Baris " + (data._i + 1) + (title ? ": " + shown(grid.spec.columns[0], title) : "")));
    var list = el("ul", "problems");
    m.problems.forEach(function (text) { list.appendChild(el("li", "", text)); });
    grid.spec.columns.forEach(function (column) {
      cellProblems(grid, data, column.id).forEach(function (text) { list.appendChild(el("li", "", column.label + ": " + text)); });
    });
    if (list.children.length) { box.appendChild(list); }
    m.notes.forEach(function (note) {
      var p = el("p", "note", "");
      p.appendChild(el("strong", "", "Catatan " + note.id));
      p.appendChild(document.createTextNode(" (" + note.name + "): " + note.text));
      note.replies.forEach(function (reply) { p.appendChild(document.createTextNode(" ↳ " + reply[0] + ": " + reply[1])); });
      box.appendChild(p);
    });
    m.extra.forEach(function (pair) {
      box.appendChild(el("p", "muted", "Kolom tidak dikenal «" + pair[0] + "» disimpan apa adanya: " + pair[1]));
    });
    if (m.returned) {
      box.appendChild(el("p", "box info", "Baris ini ada di versi sekarang tetapi tidak di isian Anda; tandai «Hapus» bila memang ingin menghapusnya."));
    }
    if (box.children.length === 1) { box.appendChild(el("p", "muted", "Tidak ada kesalahan atau catatan pada baris ini.")); }
  }

  // Tabulator's roles made valid ARIA: the scrolling holder is the grid's row group (the table inside it only
  // lays the rows out), and a header over several columns (a timeline's years) is a column header.
  function accessible(table) {
    var holder = table.rowManager.element;
    holder.setAttribute("role", "rowgroup");
    holder.setAttribute("aria-label", "Baris tabel");
    var rows = holder.querySelector(".tabulator-table");
    if (rows) { rows.setAttribute("role", "presentation"); }
    Array.prototype.forEach.call(table.element.querySelectorAll(".tabulator-col-group"), function (group) {
      // the years stay the row's column headers, each named with the group's title ("Status per tahun 2027")
      var title = group.querySelector(".tabulator-col-title");
      var name = title ? title.textContent.replace(/\s*\*$/, "") : "";
      group.setAttribute("role", "none");
      group.removeAttribute("aria-sort");
      group.removeAttribute("aria-title");
      Array.prototype.forEach.call(group.querySelectorAll(".tabulator-col[role=columnheader]"), function (column) {
        column.setAttribute("aria-label", name + " " + column.textContent.trim());
      });
    });
  }

  // --- one grid --------------------------------------------------------------------------------------------

  function build(form, holder) {
    var id = holder.getAttribute("data-grid");
    var spec = JSON.parse(document.getElementById("grid-" + id + "-data").textContent);
    var fields = form.querySelector(".grid-fields[data-table='" + id + "']");
    var grid = { spec: spec, form: form, fields: fields, written: {}, edited: {}, timer: null };
    grid.detail = document.getElementById("grid-" + id + "-rinci");
    grid.rows = function () {
      var count = parseInt((form.querySelector("input[name='" + spec.count + "']") || {}).value || "0", 10);
      var pairs = pairsOf(fields, "q." + spec.id + ".");
      var rows = [];
      for (var i = 0; i < count; i += 1) { rows.push(rowFromPairs(spec, i, pairs[i] || [])); }
      return rows;
    };
    var data = grid.rows();
    data.forEach(function (row) { grid.written[row._i] = JSON.stringify(pairsOfRow(spec, row)); });
    grid.table = new window.Tabulator(document.getElementById("grid-" + id), {
      data: data,
      index: "_i",
      columns: columnsOf(grid),
      rowHeader: grid.rowHeader,
      maxHeight: "72vh",
      layout: "fitData",
      placeholder: "Belum ada baris: tekan «Tambah baris».",
      selectableRange: 1,
      selectableRangeColumns: false,
      selectableRangeRows: true,
      selectableRangeClearCells: true,
      selectableRangeAutoFocus: false,  // the page keeps its focus (the error summary after a save)
      editTriggerEvent: "dblclick",
      history: true,
      clipboard: true,
      clipboardCopyStyled: false,
      clipboardCopyConfig: { rowHeaders: false, columnHeaders: false },
      clipboardCopyRowRange: "range",
      clipboardPasteParser: "range",
      clipboardPasteAction: "range",
      rowFormatter: function (row) {
        row.getElement().classList.toggle("removed", !!row.getData()._hapus);
        row.getElement().setAttribute("data-row", String(row.getData()._i));
      },
    });
    var table = grid.table;
    grid.ready = new Promise(function (resolve) { table.on("tableBuilt", resolve); });
    table.on("cellEdited", function (cell) {
      var data = cell.getRow().getData();
      var field = cell.getField();
      var column = field.charAt(0) === "t" && /^t\d+_\d+$/.test(field) ? spec.columns[parseInt(field.slice(1), 10)] : null;
      (grid.edited[data._i] = grid.edited[data._i] || {})[column ? column.id : field] = true;
      cell.getRow().reformat();
      later(grid);
    });
    table.on("rowUpdated", function (row) { row.reformat(); });
    table.on("dataChanged", function () { later(grid); });
    table.on("clipboardPasted", function (clipboard, rowData, rows) {
      // pasted words become codes where a column offers choices ("Pembangunan" -> pembangunan)
      rows.forEach(function (found) {
        var row = found.getComponent ? found.getComponent() : found;
        var changes = {};
        var data = row.getData();
        spec.columns.forEach(function (column, c) {
          if (!column.options) { return; }
          if (column.kind === "timeline") {
            column.years.forEach(function (year, y) {
              var field = yearField(c, y);
              if (data[field] && code(column, data[field]) !== data[field]) { changes[field] = code(column, data[field]); }
            });
          } else if (column.kind === "checks") {
            if (typeof data[column.id] === "string") {
              changes[column.id] = data[column.id].split(/[;,]/).map(function (v) { return code(column, v.trim()); }).filter(Boolean);
            }
          } else if (data[column.id] && code(column, data[column.id]) !== data[column.id]) {
            changes[column.id] = code(column, data[column.id]);
          }
        });
        if (Object.keys(changes).length) { row.update(changes); }
        row.reformat();
      });
      later(grid);
    });
    table.on("cellClick", function (event, cell) { detail(grid, cell.getRow().getData()); });
    table.on("tableBuilt", function () {
      accessible(table);
      // typing in a chosen cell starts editing it, as in a spreadsheet
      var holder = table.element.querySelector(".tabulator-tableholder");
      holder.addEventListener("keydown", function (event) {
        var edit = table.modules.edit;
        var range = table.modules.selectRange;
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || !edit || edit.currentCell || !range) { return; }
        var cell = range.getActiveCell();
        if (!cell || !cell.column.field || cell.column.field === "_hapus") { return; }
        edit.editCell(cell);
        var input = cell.getElement().querySelector("input, textarea");
        if (input) {
          event.preventDefault();
          input.value = event.key;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          input.dispatchEvent(new KeyboardEvent("keyup", { key: event.key, bubbles: true }));  // a list filters
        }
      });
    });
    grids[id] = grid;
    return grid;
  }

  function reveal(grid, index, columnId) {
    grid.ready.then(function () { revealBuilt(grid, index, columnId); });
  }

  function revealBuilt(grid, index, columnId) {
    var table = grid.table;
    var row = table.getRow(index);
    if (!row) { return; }
    if (table.getFilters(true).length) {  // a search that hides the row is cleared
      table.clearFilter(true);
      grid.form.querySelector("[data-grid-search='" + grid.spec.id + "']").value = "";
    }
    table.scrollToRow(row, "center", false).then(function () {
      var column = null;
      if (columnId) {
        var c = grid.spec.columns.map(function (col) { return col.id; }).indexOf(columnId);
        var spec = grid.spec.columns[c];
        column = spec && spec.kind === "timeline" ? yearField(c, 0) : columnId;
      }
      var cell = column ? row.getCell(column) : row.getCells()[0];
      var holder = table.rowManager.element;
      detail(grid, row.getData());
      if (cell) { table.addRange(cell, cell); }
      holder.focus({ preventScroll: true });
      if (cell) {  // the cell to the middle of the grid's width, and the grid into view
        var box = cell.getElement().getBoundingClientRect();
        var view = holder.getBoundingClientRect();
        // through the grid, which redraws at its own idea of the scroll when the page's layout changes
        table.rowManager.scrollHorizontal(holder.scrollLeft + (box.left + box.width / 2) - (view.left + view.width / 2));
        cell.getElement().scrollIntoView({ block: "nearest" });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.answers");
    if (!form) { return; }
    var holders = form.querySelectorAll("[data-grid]");
    if (!holders.length) { return; }
    form.classList.add("with-grids");
    document.documentElement.classList.add("has-grids");
    Array.prototype.forEach.call(holders, function (holder) { build(form, holder); });
    // every grid drawn: said on the form (bench/pages.py times a form's opening up to here)
    Promise.all(Object.keys(grids).map(function (id) { return grids[id].ready; })).then(function () {
      form.setAttribute("data-grids-ready", String(Math.round(window.performance.now())));
    });

    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-grid-add]");
      if (!add) { return; }
      var grid = grids[add.getAttribute("data-grid-add")];
      var index = grid.table.getDataCount();
      grid.table.addRow(rowFromPairs(grid.spec, index, []), false).then(function (row) {
        sync(grid);
        reveal(grid, row.getData()._i, grid.spec.columns[0].id);
      });
    });
    form.addEventListener("input", function (event) {
      var search = event.target.closest("[data-grid-search]");
      if (!search) { return; }
      var grid = grids[search.getAttribute("data-grid-search")];
      var term = norm(search.value);
      if (!term) { grid.table.clearFilter(); return; }
      grid.table.setFilter(function (data) {
        return grid.spec.columns.some(function (column, c) {
          if (column.kind === "timeline") {
            return column.years.some(function (year, y) { return norm(data[yearField(c, y)]).indexOf(term) >= 0; });
          }
          var value = data[column.id];
          var text = Array.isArray(value) ? value.map(function (v) { return shown(column, v); }).join(" ") : shown(column, value);
          return norm(text).indexOf(term) >= 0;
        });
      });
    });
    // Enter in the grid's editors and in its search box finishes the edit (or starts a new line in a long
    // text), never sends the form
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Enter" && target.closest(".grid-table") && target.tagName !== "BUTTON" &&
          target.tagName !== "TEXTAREA") {
        event.preventDefault();
      }
    }, true);
    form.addEventListener("submit", function () {
      Object.keys(grids).forEach(function (id) {
        var grid = grids[id];
        var active = document.activeElement;
        if (active && grid.table.element.contains(active)) { active.blur(); }  // an edit in progress is kept
        sync(grid);
      });
    });
    // the summary's links lead to the cell or row in its grid
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = decodeURIComponent(link.getAttribute("href").slice(1));
      Object.keys(grids).forEach(function (id) {
        var grid = grids[id];
        var found = null;
        var cellPrefix = "f-q-" + id + "-";
        var rest = target.indexOf(cellPrefix) === 0 ? target.slice(cellPrefix.length) : (target.indexOf(id + "-") === 0 ? target.slice(id.length + 1) : null);
        if (rest === null) { return; }
        var match = /^(\d+)(?:-(.+))?$/.exec(rest);
        if (!match) { return; }
        found = [parseInt(match[1], 10), match[2] || ""];
        event.preventDefault();
        reveal(grid, found[0], found[1]);
      });
    });
    form.addEventListener("masterplan:diperiksa", function (event) {
      Object.keys(grids).forEach(function (id) {
        var grid = grids[id];
        grid.live = event.detail;
        grid.table.getRows().forEach(function (row) { row.reformat(); });
      });
    });
    window.masterplanGrid = {
      // Put back a copy of the form kept in this browser or on the server: every row of each grid, as kept.
      restore: function (pairs) {
        var rest = [];
        var mine = {};
        pairs.forEach(function (pair) {
          var owner = Object.keys(grids).filter(function (id) {
            var prefix = "q." + id + ".";
            return pair[0].indexOf(prefix) === 0 && pair[0] !== "q." + id + "._ada";
          })[0];
          if (owner) { (mine[owner] = mine[owner] || []).push(pair); } else { rest.push(pair); }
        });
        Object.keys(mine).forEach(function (id) {
          var grid = grids[id];
          var count = grid.form.querySelector("input[name='" + grid.spec.count + "']");
          grid.fields.textContent = "";
          grid.written = {};
          mine[id].forEach(function (pair) {
            if (pair[0] === grid.spec.count) { count.value = pair[1]; return; }
            var input = el("input");
            input.type = "hidden";
            input.name = pair[0];
            input.value = pair[1];
            grid.fields.appendChild(input);
          });
          var rows = grid.rows();
          grid.fields.textContent = "";
          rows.forEach(function (row) { writeRow(grid, row); });
          grid.edited = {};
          rows.forEach(function (row) { grid.edited[row._i] = { all: true }; });
          grid.table.replaceData(rows);
        });
        return rest;
      },
    };
  });
})();
