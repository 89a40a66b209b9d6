// iackg query page: runs a query against /sparql and shows the results as a table.
// Plain JavaScript, no external libraries; every value is inserted as text (never as HTML).
"use strict";
(function () {
  const library = JSON.parse(document.getElementById("library-data").textContent);
  const request = JSON.parse(document.getElementById("request-data").textContent);
  const select = document.getElementById("library");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const note = document.getElementById("note");
  const description = document.getElementById("description");
  const idPrefix = "/id/";

  function choose(name) {
    const q = library.find((item) => item.name === name);
    if (!q) return false;
    select.value = name;
    editor.value = q.text;
    description.textContent = q.description || "";
    if (q.needs && q.needs.length) {
      description.textContent += " — 要パラメータ needs a value for: " + q.needs.join(", ") +
        " (edit the query: bind ?" + q.needs.join(", ?") + ")";
    }
    return true;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const i = term.value.indexOf(idPrefix);
      const a = document.createElement("a");
      a.textContent = term.value;
      if (i >= 0) a.href = "/doc/" + term.value.slice(i + idPrefix.length);
      else if (/^https?:\/\//.test(term.value)) a.href = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    }
    return td;
  }

  function showTable(data) {
    results.textContent = "";
    if (typeof data.boolean === "boolean") {
      const p = document.createElement("p");
      p.id = "boolean-result";
      p.textContent = "ASK: " + data.boolean;
      results.appendChild(p);
      return;
    }
    const table = document.createElement("table");
    table.id = "results-table";
    const head = table.insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    for (const row of data.results.bindings) {
      const tr = table.insertRow();
      for (const v of data.head.vars) tr.appendChild(cell(row[v]));
    }
    results.appendChild(table);
    status.textContent = data.results.bindings.length + " 行 rows";
  }

  async function run() {
    status.textContent = "実行中 running…";
    note.textContent = "";
    note.className = "";
    document.body.dataset.state = "running";
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: "query=" + encodeURIComponent(editor.value),
      });
      const type = response.headers.get("Content-Type") || "";
      const truncated = response.headers.get("Iackg-Truncated");
      if (!response.ok) {
        note.className = "error";
        note.textContent = response.status + ": " + (await response.text());
        status.textContent = "";
        results.textContent = "";
      } else if (type.startsWith("application/sparql-results+json")) {
        showTable(await response.json());
      } else {
        results.textContent = "";
        const pre = document.createElement("pre");
        pre.id = "graph-result";
        pre.textContent = await response.text();
        results.appendChild(pre);
        status.textContent = "";
      }
      if (truncated) {
        note.className = "note";
        note.textContent = "結果は打ち切られました / results truncated: " + truncated;
      }
      document.body.dataset.state = response.ok ? "done" : "error";
    } catch (error) {
      note.className = "error";
      note.textContent = String(error);
      document.body.dataset.state = "error";
    }
  }

  select.addEventListener("change", () => choose(select.value));
  document.getElementById("form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  if (request.query) choose(request.query);
  if (request.run === "1") run();
})();
