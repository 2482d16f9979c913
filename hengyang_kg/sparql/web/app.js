(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var recipes = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function links(query) {
    var q = encodeURIComponent(query);
    var fmts = ["csv", "tsv", "json", "xml", "turtle", "jsonld"];
    $("downloads").innerHTML = "download: " + fmts.map(function (f) {
      return '<a href="/sparql?query=' + q + "&format=" + f + '" download>' + f + "</a>";
    }).join(" ");
    $("permalink").href = "?query=" + q;
  }

  function cell(term) {
    if (!term) { return ""; }
    if (term.type === "uri") {
      var m = term.value.match(/\/claim\/(c\d{3}-\d{3,4})$/);
      if (m) { return '<a href="#" class="claim" data-claim="' + m[1] + '">' + esc(m[1]) + "</a>"; }
      return '<span title="' + esc(term.value) + '">' + esc(term.value.replace(/^.*[\/#]/, "")) + "</span>";
    }
    return esc(term.value);
  }

  function render(data) {
    if (typeof data.boolean === "boolean") {
      $("results").innerHTML = "<p>" + data.boolean + "</p>";
      return 1;
    }
    var vars = data.head.vars, rows = data.results.bindings;
    var html = "<table><thead><tr>" + vars.map(function (v) { return "<th>" + esc(v) + "</th>"; }).join("") +
      "</tr></thead><tbody>";
    rows.forEach(function (b) {
      html += "<tr>" + vars.map(function (v) { return "<td>" + cell(b[v]) + "</td>"; }).join("") + "</tr>";
    });
    $("results").innerHTML = html + "</tbody></table>";
    return rows.length;
  }

  function run() {
    var query = $("query").value;
    links(query);
    history.replaceState(null, "", "?query=" + encodeURIComponent(query));
    $("status").textContent = "running…";
    $("status").className = "";
    $("notice").textContent = "";
    var started = Date.now();
    fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
      body: "query=" + encodeURIComponent(query)
    }).then(function (resp) {
      if (resp.headers.get("X-SPARQL-Truncated")) {
        $("notice").textContent = "The result was cut at " + resp.headers.get("X-SPARQL-Row-Limit") +
          " rows (the endpoint's row limit).";
      }
      var type = resp.headers.get("Content-Type") || "";
      if (!resp.ok) { return resp.text().then(function (t) { throw new Error(t); }); }
      if (type.indexOf("json") < 0) {
        return resp.text().then(function (t) {
          $("results").innerHTML = "<pre>" + esc(t) + "</pre>";
          return null;
        });
      }
      return resp.json();
    }).then(function (data) {
      var n = data ? render(data) : 0;
      $("status").textContent = n + " row(s) in " + (Date.now() - started) + " ms";
    }).catch(function (err) {
      $("status").textContent = err.message;
      $("status").className = "error";
      $("results").innerHTML = "";
    });
  }

  function showClaim(id) {
    fetch("/api/claim/" + id).then(function (r) { return r.json(); }).then(function (c) {
      $("context-title").textContent = id + " — " + c.source.replace(/^.*\/source\//, "") + " @" + c.start + "–" + c.end;
      $("context-quote").innerHTML = "…" + esc(c.prefix) + "<mark>" + esc(c.exact) + "</mark>" + esc(c.suffix) + "…";
      $("context").hidden = false;
    });
  }

  $("run").addEventListener("click", run);
  $("close").addEventListener("click", function () { $("context").hidden = true; });
  $("results").addEventListener("click", function (e) {
    var a = e.target.closest("a.claim");
    if (a) { e.preventDefault(); showClaim(a.dataset.claim); }
  });
  $("examples").addEventListener("change", function (e) {
    var r = recipes[e.target.value];
    if (r) { $("query").value = r.query; $("question").textContent = r.question; run(); }
  });
  fetch("/cookbook.json").then(function (r) { return r.json(); }).then(function (list) {
    recipes = list;
    list.forEach(function (r, i) {
      var o = document.createElement("option");
      o.value = i; o.textContent = r.title;
      $("examples").appendChild(o);
    });
  });
  var given = new URLSearchParams(location.search).get("query");
  if (given) { $("query").value = given; run(); } else { links($("query").value); }
})();
