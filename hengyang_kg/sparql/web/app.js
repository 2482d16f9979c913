(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var recipes = [];
  // Where the endpoint and the report are: config.json beside the page (the server writes it;
  // a deployment in front of another SPARQL engine writes its own, see the README).
  var config = {endpoint: "sparql", report: null, void: "void", prefixes: ""};
  var safe = function (u) { return typeof u === "string" && /^(https?:\/\/|\/|[^:]*$)/.test(u) ? u : null; };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function links(query) {
    var q = encodeURIComponent(query);
    var fmts = ["csv", "tsv", "json", "xml", "turtle", "jsonld"];
    $("downloads").innerHTML = "download: " + fmts.map(function (f) {
      return '<a href="' + esc(config.endpoint) + '?query=' + encodeURIComponent(config.prefixes + query) + "&format=" + f +
        '" download>' + f + "</a>";
    }).join(" ") + ' <a href="#" id="csv-excel">csv for Excel (UTF-8 with BOM)</a>';
    $("csv-excel").addEventListener("click", excelCsv);
    $("permalink").href = "?query=" + q;
  }

  var titles = {};  // source and work IRIs, and source ids, to their titles

  function post(query) {
    return fetch(config.endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
      body: "query=" + encodeURIComponent(config.prefixes + query)
    });
  }

  function ask(query) {
    return post(query).then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (d) { return d.results.bindings; });
  }

  function loadTitles() {
    return ask("SELECT ?x ?title ?kind WHERE { { GRAPH graph:provenance { ?x a hkg:Source ; dcterms:title ?title } BIND(\"source\" AS ?kind) }" +
               " UNION { GRAPH graph:entities { ?x a hkg:Work ; skos:prefLabel ?title . FILTER(langMatches(lang(?title), \"zh-hans\")) } BIND(\"work\" AS ?kind) } }")
      .then(function (rows) {
        rows.forEach(function (b) {
          var t = b.kind.value === "work" ? "\u300a" + b.title.value + "\u300b" : b.title.value;
          titles[b.x.value] = t;
          titles[b.x.value.replace(/^.*\/(source|entity)\//, "")] = t;
        });
      }).catch(function () { /* titles are a convenience: ids stay shown */ });
  }

  function cell(term) {
    if (!term) { return ""; }
    if (term.type === "uri") {
      var m = term.value.match(/\/claim\/([^\/#?]+)$/);
      if (m) { return '<a href="#" class="claim" data-claim="' + esc(m[1]) + '">' + esc(m[1]) + "</a>"; }
      if (titles[term.value]) { return '<span title="' + esc(term.value) + '">' + esc(titles[term.value]) + "</span>"; }
      return '<span title="' + esc(term.value) + '">' + esc(term.value.replace(/^.*[\/#]/, "")) + "</span>";
    }
    if (titles[term.value]) { return '<span title="' + esc(term.value) + '">' + esc(titles[term.value]) + "</span>"; }
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
    post(query).then(function (resp) {
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
    ask("SELECT ?claim ?src ?title ?publisher ?url ?raw ?start ?end ?before ?text ?after ?exact WHERE {" +
        " GRAPH graph:provenance { ?claim hkg:claimId " + JSON.stringify(id) + " ; prov:wasDerivedFrom ?src ; hkg:rawValue ?raw ; hkg:quote ?q ." +
        " ?q oa:hasSelector ?t , ?pos . ?t a oa:TextQuoteSelector ; oa:exact ?exact . ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ." +
        " OPTIONAL { ?q hkg:readingText ?text ; hkg:readingPrefix ?before ; hkg:readingSuffix ?after }" +
        " ?src dcterms:title ?title . OPTIONAL { ?src dcterms:publisher ?publisher } OPTIONAL { ?src dcterms:source ?url } } }")
      .then(function (rows) {
        if (!rows.length) { throw new Error("no such claim"); }
        var b = rows[0], v = function (k) { return b[k] ? b[k].value : ""; };
        var quote = v("text") || v("exact");
        var sid = v("src").replace(/^.*\/source\//, "");
        $("context-title").textContent = id + " \u2014 " + v("title");
        $("context-quote").innerHTML = "\u2026" + esc(v("before")) + "<mark>" + esc(quote) + "</mark>" + esc(v("after")) + "\u2026";
        var cite = "\u300a" + v("title") + "\u300b" + (v("publisher") && v("publisher").indexOf("unknown") !== 0 ? ". " + v("publisher") : "") +
          (v("url") ? ". " + v("url") : "") + ". characters " + v("start") + "\u2013" + v("end") + ": \u300c" + quote + "\u300d Claim " + v("claim");
        $("context-cite").textContent = cite;
        var link = $("context-source");
        link.textContent = v("url") ? "the original page" : "source " + sid;
        link.href = v("url") || v("src");
        var page = $("context-page");
        if (config.report) {
          page.href = config.report + "sources/" + encodeURIComponent(sid) + ".html#claim-" + encodeURIComponent(id);
          page.textContent = "the claim in its source, " + v("title");
          page.parentNode.hidden = false;
        } else {
          page.parentNode.hidden = true;
        }
        $("context").hidden = false;
      }).catch(function (err) { $("status").textContent = err.message; $("status").className = "error"; });
  }

  function excelCsv(e) {
    e.preventDefault();
    fetch(config.endpoint + "?query=" + encodeURIComponent(config.prefixes + $("query").value) + "&format=csv").then(function (r) { return r.text(); })
      .then(function (text) {
        var url = URL.createObjectURL(new Blob(["\ufeff" + text], {type: "text/csv;charset=utf-8"}));
        var a = document.createElement("a");
        a.href = url; a.download = "results.csv"; document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
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
  var given = new URLSearchParams(location.search).get("query");
  fetch("config.json").then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; })
    .then(function (got) {
      config.endpoint = safe(got.endpoint) || config.endpoint;
      config.report = safe(got.report);
      config.void = got.void === undefined ? config.void : safe(got.void);
      config.prefixes = typeof got.prefixes === "string" ? got.prefixes : "";
      $("service").href = config.endpoint;
      if (config.void) { $("void").href = config.void; } else { $("void").parentNode.removeChild($("void")); }
      if (config.report) { $("report").href = config.report; $("report").hidden = false; }
      fetch("cookbook.json").then(function (r) { return r.json(); }).then(function (list) {
        recipes = list;
        list.forEach(function (r, i) {
          var o = document.createElement("option");
          o.value = i; o.textContent = r.title;
          $("examples").appendChild(o);
        });
      });
      return loadTitles();
    }).then(function () {
      if (given) { $("query").value = given; run(); } else { links($("query").value); }
    });
})();
