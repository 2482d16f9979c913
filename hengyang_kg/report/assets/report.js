(function () {
  "use strict";
  var $ = function (sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); };
  var shown = document.getElementById("shown");
  function applyFilters() {
    var st = {}, src = {};
    $("input[data-status]").forEach(function (i) { st[i.dataset.status] = i.checked; });
    $("input[data-source]").forEach(function (i) { src[i.dataset.source] = i.checked; });
    var total = 0, visible = 0;
    $("article.fact").forEach(function (f) {
      total++;
      var on = st[f.dataset.status] !== false &&
        f.dataset.sources.split(" ").some(function (x) { return src[x] !== false; });
      f.classList.toggle("hidden", !on);
      if (on) { visible++; }
    });
    $("section.subject-group").forEach(function (g) {
      var any = g.querySelector("article.fact:not(.hidden)") !== null;
      g.classList.toggle("hidden", !any);
      $('[data-group="' + g.id + '"]').forEach(function (li) { li.classList.toggle("dim", !any); });
    });
    $("section.status-section").forEach(function (s) {
      var any = s.querySelector("article.fact:not(.hidden)") !== null;
      s.classList.toggle("hidden", !any);
      $('.toc-status[data-status="' + s.dataset.status + '"]').forEach(function (t) { t.classList.toggle("dim", !any); });
    });
    if (shown) { shown.textContent = String(visible); }
    var msg = document.getElementById("filter-status");
    if (msg) { msg.textContent = visible === total ? "" : "Showing " + visible + " of " + total + " facts; hidden sections are greyed in the contents."; }
  }
  $(".filters input[data-status], .filters input[data-source]").forEach(function (i) { i.addEventListener("change", applyFilters); });
  var script = document.getElementById("script");
  if (script) {
    script.addEventListener("change", function (e) {
      var other = e.target.checked;
      $("[data-other]").forEach(function (el) {
        if (!el.dataset.own) { el.dataset.own = el.innerHTML; }
        el.innerHTML = other ? el.dataset.other : el.dataset.own;
      });
    });
  }
  var dataEl = document.getElementById("cite-data");
  var cite = dataEl ? JSON.parse(dataEl.textContent) : null;
  var dialog = document.getElementById("cite-dialog");
  function citation(claimEl) {
    var sid = claimEl.dataset.source, s = cite.sources[sid];
    var id = claimEl.dataset.claim, iri = cite.base + "claim/" + id;
    var q = claimEl.querySelector(".quote q");
    var quote = q ? q.textContent : "";
    var passage = "line " + claimEl.dataset.line + ", characters " + claimEl.dataset.start + "\u2013" + claimEl.dataset.end;
    var csl = JSON.parse(JSON.stringify(s.csl));
    csl.id = id; csl.locator = claimEl.dataset.line; csl.label = "line";
    csl.note = "\u300c" + quote + "\u300d (" + passage + "); claim " + iri;
    return { text: s.text + " " + passage + ": \u300c" + quote + "\u300d Claim " + iri, csl: csl };
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.cite") : null;
    if (!b || !cite || !dialog) { return; }
    var c = citation(b.closest(".claim"));
    document.getElementById("cite-text").value = c.text;
    document.getElementById("cite-csl").value = JSON.stringify([c.csl], null, 1);
    dialog.showModal();
  });
  var close = document.getElementById("cite-close");
  if (close) { close.addEventListener("click", function () { dialog.close(); }); }
  // A link to #claim-<id> on a source page lands on an empty anchor: highlight the claim's words.
  function markTarget() {
    $(".reading a.hl.current").forEach(function (a) { a.classList.remove("current"); });
    var m = /^#claim-(.+)$/.exec(decodeURIComponent(location.hash));
    if (!m) { return; }
    $(".reading a.hl[data-claims]").forEach(function (a) {
      if (a.dataset.claims.split(" ").indexOf(m[1]) >= 0) { a.classList.add("current"); }
    });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
  applyFilters();
})();
