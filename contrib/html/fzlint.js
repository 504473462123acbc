/* fzlint --format=html: the page's only script (embedded at build time).  It reads
 * the page; no report text ever reaches it as code. */
(function () {
  "use strict";
  var d = document;
  var RANK = { info: 0, warning: 1, error: 2 };
  var NAMES = ["info", "warning", "error"];
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* The summary is rendered last (it needs every report); show it first. */
  var sum = d.getElementById("summary"), slot = d.getElementById("summary-slot");
  if (sum && slot) slot.appendChild(sum);

  /* Sortable summary table. */
  all(d, "table.sum").forEach(function (table) {
    var body = table.tBodies[0];
    all(table, "thead th").forEach(function (th, col) {
      var btn = th.querySelector("button");
      if (!btn) return;
      btn.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        all(table, "thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.classList.contains("num");
        var rows = all(body, "tr");
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col], r;
          if (num) {
            var p = parseFloat(x.getAttribute("data-v")), q = parseFloat(y.getAttribute("data-v"));
            if (isNaN(p)) p = -Infinity;
            if (isNaN(q)) q = -Infinity;
            r = p - q;
          } else {
            r = x.textContent.localeCompare(y.textContent, "zh-CN");
          }
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  /* Filters: one checkbox per level (in the page) and per rule (built here). */
  var notes = all(d, ".note");
  var ruleBox = d.getElementById("rule-filter");
  var seen = {}, order = [];
  notes.forEach(function (n) {
    var id = n.getAttribute("data-rule");
    if (!(id in seen)) { seen[id] = 0; order.push(id); }
    seen[id]++;
  });
  order.sort();
  if (ruleBox) {
    order.forEach(function (id) {
      var label = d.createElement("label"), box = d.createElement("input");
      var code = d.createElement("code"), count = d.createElement("span");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-rule", id);
      code.textContent = id;
      count.className = "count";
      count.textContent = " " + seen[id];
      label.appendChild(box);
      label.appendChild(code);
      label.appendChild(count);
      ruleBox.appendChild(label);
    });
    if (!order.length) ruleBox.parentNode.hidden = true;
  }

  function apply() {
    var lv = {}, ru = {};
    all(d, ".filters input[data-level]").forEach(function (i) { lv[i.getAttribute("data-level")] = i.checked; });
    all(d, ".filters input[data-rule]").forEach(function (i) { ru[i.getAttribute("data-rule")] = i.checked; });
    all(d, ".report").forEach(function (sec) {
      var shown = {};
      all(sec, ".note").forEach(function (n) {
        var on = lv[n.getAttribute("data-lv")] !== false && ru[n.getAttribute("data-rule")] !== false;
        n.hidden = !on;
        if (on) shown[n.getAttribute("data-d")] = RANK[n.getAttribute("data-lv")];
      });
      all(sec, ".hl").forEach(function (h) {
        var best = -1, count = 0;
        h.getAttribute("data-d").split(" ").forEach(function (k) {
          if (k in shown) { count++; if (shown[k] > best) best = shown[k]; }
        });
        h.classList.toggle("off", best < 0);
        if (best >= 0) h.setAttribute("data-lv", NAMES[best]);
        if (count > 1) h.setAttribute("data-multi", ""); else h.removeAttribute("data-multi");
      });
      all(sec, ".ref").forEach(function (r) { r.hidden = !(r.getAttribute("data-d") in shown); });
      all(sec, ".ln").forEach(function (ln) {
        var own = all(ln, ".note");
        if (own.length) ln.classList.toggle("has-notes", own.some(function (n) { return !n.hidden; }));
      });
    });
  }
  all(d, ".filters input").forEach(function (i) { i.addEventListener("change", apply); });
  if (ruleBox) ruleBox.addEventListener("change", apply);

  /* A note and its highlights light up together. */
  function link(sec, k, on) {
    all(sec, '.hl, .note').forEach(function (e) {
      var ids = (e.getAttribute("data-d") || "").split(" ");
      if (ids.indexOf(k) >= 0) e.classList.toggle("focus", on);
    });
  }
  all(d, ".report").forEach(function (sec) {
    sec.addEventListener("mouseover", function (ev) {
      var n = ev.target.closest && ev.target.closest(".note");
      if (n) link(sec, n.getAttribute("data-d"), true);
    });
    sec.addEventListener("mouseout", function (ev) {
      var n = ev.target.closest && ev.target.closest(".note");
      if (n) link(sec, n.getAttribute("data-d"), false);
    });
    sec.addEventListener("click", function (ev) {
      var h = ev.target.closest && ev.target.closest(".hl");
      if (!h || h.classList.contains("off")) return;
      var k = h.getAttribute("data-d").split(" ")[0];
      var n = sec.querySelector('.note[data-d="' + k + '"]');
      if (n) { link(sec, k, true); setTimeout(function () { link(sec, k, false); }, 1200); }
    });
  });
  d.documentElement.setAttribute("data-js", "1");
})();
