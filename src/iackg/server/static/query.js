// iackg query page: YASGUI (vendored in /static/yasgui/, MIT) set up for this endpoint only.
// - the editor talks to /sparql and nothing else (no LOV or prefix.cc completions; the page's
//   Content-Security-Policy would block any other host anyway);
// - results show prefixed names and the rdfs:label of each IRI, fetched from /sparql with one
//   small query per batch of IRIs ("labelled table", a subclass of YASR's table plugin);
// - a "chart" plugin draws a bar chart (inline SVG) from one label column and one number column;
// - the library queries are a list above the editor; each opens in its own tab.
// Values from the data only ever reach the page as text (textContent, or escaped by `esc`).
"use strict";
(function () {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const Yasgui = window.Yasgui;
  const Yasr = Yasgui.Yasr;
  const Yasqe = Yasgui.Yasqe;
  const endpoint = new URL("/sparql", window.location.href).href;
  const idPrefix = page.base + "/id/";
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  const NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;
  const MAX_LABELLED = 2000; // distinct IRIs labelled per result
  const MAX_BARS = 60;
  const select = document.getElementById("library");
  const description = document.getElementById("description");

  function esc(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function prefixed(iri, prefixes) {
    let best = null;
    for (const label in prefixes) {
      const ns = prefixes[label];
      if (iri.startsWith(ns) && (!best || ns.length > prefixes[best].length)) best = label;
    }
    return best === null ? null : best + ":" + iri.slice(prefixes[best].length);
  }

  // Our own data IRIs open their page on this server; other http(s) IRIs link out as they are.
  function href(iri) {
    if (iri.startsWith(idPrefix)) return "/doc/" + iri.slice(idPrefix.length);
    if (iri.startsWith(page.prefixes.iac)) return "/ontology.html#" + iri.slice(page.prefixes.iac.length);
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  // --- labels ---------------------------------------------------------------------------
  const labels = new Map(); // IRI -> label ("" when the graph has none)
  const SAFE_IRI = /^[^\s<>"{}|^`\\]+$/;

  function pickLabel(found) {
    // Japanese first (the data's language), then English, then a plain or any other label.
    return found.ja || found.en || found[""] || Object.values(found)[0] || "";
  }

  async function fetchLabels(iris) {
    const values = iris.map((iri) => "<" + iri + ">").join(" ");
    const query =
      "SELECT ?s ?l WHERE { VALUES ?s { " + values + " } ?s <" + RDFS_LABEL + "> ?l }";
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json",
      },
      body: "query=" + encodeURIComponent(query),
    });
    if (!response.ok) throw new Error("labels: " + response.status);
    const data = await response.json();
    const found = new Map();
    for (const row of data.results.bindings) {
      const byLang = found.get(row.s.value) || {};
      byLang[row.l["xml:lang"] || ""] = row.l.value;
      found.set(row.s.value, byLang);
    }
    for (const iri of iris) labels.set(iri, found.has(iri) ? pickLabel(found.get(iri)) : "");
  }

  async function labelResults(yasr) {
    if (labels.size > 50000) labels.clear(); // a long session: start again
    const bindings = (yasr.results && yasr.results.getBindings()) || [];
    const wanted = new Set();
    for (const row of bindings) {
      for (const name in row) {
        const term = row[name];
        if (term && term.type === "uri" && !labels.has(term.value) && SAFE_IRI.test(term.value)) {
          wanted.add(term.value);
          if (wanted.size >= MAX_LABELLED) break;
        }
      }
      if (wanted.size >= MAX_LABELLED) break;
    }
    // Batches well under the endpoint's 32 KiB query limit.
    let batch = [];
    let size = 0;
    const batches = [];
    for (const iri of wanted) {
      if (size + iri.length > 20000) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(iri);
      size += iri.length + 3;
    }
    if (batch.length) batches.push(batch);
    try {
      for (const b of batches) await fetchLabels(b);
    } catch (error) {
      console.warn("iackg: labels not available", error);
    }
  }

  function displayName(term, prefixes) {
    if (!term || term === "") return "";
    if (term.type !== "uri") return term.value;
    return labels.get(term.value) || prefixed(term.value, prefixes) || term.value;
  }

  // --- the table: YASR's own (sortable, paged, filter, CSV download) with labels ----------
  const Table = Yasr.plugins.table;
  class LabelledTable extends Table {
    async draw(persistentConfig) {
      await labelResults(this.yasr);
      return super.draw(persistentConfig);
    }
    getUriLinkFromBinding(binding, prefixes) {
      const name = prefixed(binding.value, prefixes || {});
      const target = href(binding.value);
      const text = name ? esc(name) : "&lt;" + esc(binding.value) + "&gt;";
      if (!target) return "<span class='iri'>" + text + "</span>";
      return "<a class='iri' href='" + esc(target) + "' title='" + esc(binding.value) + "'>" + text + "</a>";
    }
    formatLiteral(binding, prefixes) {
      // Numbers read as numbers; the datatype stays in the tooltip.
      if (binding.datatype && NUMERIC.test(binding.datatype)) {
        const type = prefixed(binding.datatype, prefixes || {}) || binding.datatype;
        return "<span class='iackg-number' title='" + esc(type) + "'>" + esc(binding.value) + "</span>";
      }
      return super.formatLiteral(binding, prefixes);
    }
    getCellContent(binding, prefixes) {
      const label = binding.type === "uri" ? labels.get(binding.value) : "";
      if (!label) return super.getCellContent(binding, prefixes);
      return (
        "<div><span class='iackg-label'>" + esc(label) + "</span> <span class='iackg-name'>" +
        this.getUriLinkFromBinding(binding, prefixes) + "</span></div>"
      );
    }
    getColumns() {
      // Sort and filter IRIs by what the reader sees: the label when there is one.
      return super.getColumns().map((column, i) => {
        if (i === 0) return column;
        const render = column.render;
        column.render = (data, type, row, meta) => {
          if (!data || type === "display") return render(data, type, row, meta);
          // Sort and filter keys are escaped text: a value from the data never reaches an HTML
          // parser, not even the sanitiser's (YASR passes the raw value through DOMPurify).
          const label = data.type === "uri" ? labels.get(data.value) : "";
          if (type === "filter") return esc(label ? label + " " + data.value : data.value);
          return esc(label || data.value);
        };
        return column;
      });
    }
  }
  Yasr.registerPlugin("table", LabelledTable);

  // --- the chart: one bar per row, inline SVG -------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(name, attributes, text) {
    const el = document.createElementNS(SVG, name);
    for (const key in attributes) el.setAttribute(key, attributes[key]);
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function isNumber(term) {
    if (!term || term.type === "uri" || term.type === "bnode") return false;
    if (term.datatype && NUMERIC.test(term.datatype)) return true;
    return !term.datatype && !term["xml:lang"] && term.value.trim() !== "" && isFinite(Number(term.value));
  }

  class Chart {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "Chart";
      this.priority = 5;
      this.helpReference = undefined;
    }
    // The last column whose every bound value is a number, and the first other column.
    columns() {
      const results = this.yasr.results;
      if (!results || !results.getVariables || !results.getBindings()) return null;
      const vars = results.getVariables();
      const rows = results.getBindings();
      if (!rows.length) return null;
      const numeric = vars.filter((v) => {
        const values = rows.map((r) => r[v]).filter((t) => t);
        return values.length > 0 && values.every(isNumber);
      });
      if (!numeric.length) return null;
      const value = numeric[numeric.length - 1];
      const label = vars.find((v) => v !== value && !numeric.includes(v)) || vars.find((v) => v !== value);
      return label ? { label: label, value: value } : null;
    }
    canHandleResults() {
      return !!this.columns();
    }
    getIcon() {
      const icon = svg("svg", { viewBox: "0 0 16 16", width: "15", height: "15", "aria-hidden": "true" });
      icon.appendChild(svg("rect", { x: "1", y: "8", width: "3", height: "7", fill: "currentColor" }));
      icon.appendChild(svg("rect", { x: "6", y: "3", width: "3", height: "12", fill: "currentColor" }));
      icon.appendChild(svg("rect", { x: "11", y: "6", width: "3", height: "9", fill: "currentColor" }));
      return icon;
    }
    async draw() {
      await labelResults(this.yasr);
      const cols = this.columns();
      const prefixes = this.yasr.getPrefixes();
      const all = this.yasr.results.getBindings();
      const rows = all.slice(0, MAX_BARS);
      const values = rows.map((r) => (r[cols.value] ? Number(r[cols.value].value) : 0));
      const max = Math.max(0, ...values);
      const min = Math.min(0, ...values);
      const width = 1000, labelWidth = 300, valueWidth = 90, barHeight = 18, gap = 6, top = 28;
      const plot = width - labelWidth - valueWidth;
      const scale = max - min > 0 ? plot / (max - min) : 0;
      const zero = labelWidth + (0 - min) * scale;
      const height = top + rows.length * (barHeight + gap) + 10;
      const chart = svg("svg", {
        class: "iackg-chart",
        viewBox: "0 0 " + width + " " + height,
        width: "100%",
        role: "img",
        "aria-label": cols.value + " by " + cols.label,
      });
      chart.appendChild(
        svg("text", { x: "0", y: "16", class: "iackg-chart-title" }, "?" + cols.value + " / ?" + cols.label),
      );
      rows.forEach((row, i) => {
        const y = top + i * (barHeight + gap);
        const value = values[i];
        const name = displayName(row[cols.label], prefixes);
        const shown = name.length > 28 ? name.slice(0, 27) + "…" : name;
        const labelEl = svg("text", { x: String(labelWidth - 8), y: String(y + 13), "text-anchor": "end" }, shown);
        labelEl.appendChild(svg("title", {}, name));
        chart.appendChild(labelEl);
        const x = value >= 0 ? zero : zero + value * scale;
        const bar = svg("rect", {
          class: "iackg-bar",
          x: String(x),
          y: String(y),
          width: String(Math.max(Math.abs(value) * scale, 1)),
          height: String(barHeight),
        });
        bar.appendChild(svg("title", {}, name + ": " + value));
        chart.appendChild(bar);
        chart.appendChild(
          svg("text", { x: String(Math.max(x + Math.abs(value) * scale, zero) + 6), y: String(y + 13) }, String(value)),
        );
      });
      const box = document.createElement("div");
      box.className = "iackg-chart-box";
      if (all.length > rows.length) {
        const note = document.createElement("p");
        note.textContent = "最初の " + rows.length + " 行 / first " + rows.length + " of " + all.length + " rows";
        box.appendChild(note);
      }
      box.appendChild(chart);
      this.yasr.resultsEl.appendChild(box);
    }
    download(filename) {
      return {
        getData: () => {
          const chart = this.yasr.resultsEl.querySelector("svg.iackg-chart");
          if (!chart) return "";
          const copy = chart.cloneNode(true);
          copy.setAttribute("xmlns", SVG);
          return new XMLSerializer().serializeToString(copy);
        },
        contentType: "image/svg+xml",
        title: "Download chart (SVG)",
        filename: (filename || "chart") + ".svg",
      };
    }
  }
  Yasr.registerPlugin("chart", Chart);
  Yasr.defaults.pluginOrder = ["table", "chart", "response"];

  // --- the editor: local completions only, our endpoint, our prefixes ----------------------
  Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasqe.defaults.prefixCcApi = null;
  const ourPrefixes = Object.keys(page.prefixes).map((p) => p + ": <" + page.prefixes[p] + ">");
  const bundled = Yasqe.Autocompleters.prefixes;
  Yasqe.Autocompleters.prefixes = Object.assign({}, bundled, {
    persistenceId: null,
    get: (yasqe, token) =>
      Promise.resolve(bundled.get(yasqe, token)).then((list) =>
        ourPrefixes.concat(list.filter((p) => !ourPrefixes.includes(p))),
      ),
  });
  const requestConfig = {
    endpoint: endpoint,
    method: "POST",
    acceptHeaderSelect: "application/sparql-results+json",
    acceptHeaderGraph: "text/turtle",
  };

  const fromShareLink = window.location.hash.length > 1;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: "iackg-" + window.location.host,
    requestConfig: requestConfig,
    copyEndpointOnNewTab: false,
    // A shared link (#query=…&endpoint=…) opens as YASGUI's own; without one, ?query= names a
    // library query here, not a query text, so YASGUI must not read it.
    populateFromUrl: fromShareLink,
    tabName: "Query",
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { value: page.defaultQuery, resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: page.prefixes },
  });
  // Tabs kept from an earlier visit query this server, wherever it runs now.
  for (const id of yasgui.persistentConfig.getTabs()) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }

  function describe(name) {
    const q = page.library.find((item) => item.name === name);
    select.value = q ? name : "";
    description.textContent = q ? q.description || "" : "";
    if (q && q.needs && q.needs.length) {
      description.textContent +=
        " — 要パラメータ needs a value for: " + q.needs.join(", ") +
        " (edit the query: bind ?" + q.needs.join(", ?") + ")";
    }
    return q;
  }

  function open(name, run) {
    const q = describe(name);
    if (!q) return;
    let tab = Object.values(yasgui._tabs).find((t) => t.getName() === q.name);
    if (tab) {
      yasgui.selectTabId(tab.getId());
      tab.setQuery(q.text);
    } else {
      tab = yasgui.addTab(true, { name: q.name, yasqe: { value: q.text }, requestConfig: requestConfig });
      yasgui.selectTabId(tab.getId());
    }
    if (run && !(q.needs && q.needs.length)) tab.query().catch(() => {});
  }

  select.addEventListener("change", () => open(select.value, false));
  yasgui.on("tabSelect", (_yasgui, id) => describe(yasgui.getTab(id) ? yasgui.getTab(id).getName() : ""));
  yasgui.on("query", () => {
    document.body.dataset.state = "running";
  });
  // The state marks what the page finished (tests and screen readers can follow it).
  function watch(tab) {
    const yasr = tab.getYasr();
    if (!yasr || yasr.iackgWatched) return;
    yasr.iackgWatched = true;
    yasr.on("drawn", (_yasr, plugin) => {
      const res = yasr.results && yasr.results.res;
      const cut = res && res.headers && res.headers.get ? res.headers.get("Iackg-Truncated") : null;
      let note = yasr.rootEl.querySelector(".iackg-truncated");
      if (cut) {
        if (!note) {
          note = document.createElement("p");
          note.className = "iackg-truncated note";
          yasr.rootEl.insertBefore(note, yasr.resultsEl);
        }
        note.textContent = "結果は打ち切られました / results truncated: " + cut;
      } else if (note) {
        note.remove();
      }
      document.body.dataset.plugin = plugin.label || "";
      document.body.dataset.state = yasr.results && yasr.results.hasError() ? "error" : "done";
    });
  }
  for (const id in yasgui._tabs) if (yasgui._tabs[id].getYasr()) watch(yasgui._tabs[id]);
  yasgui.on("tabChange", (_yasgui, tab) => tab && watch(tab));
  yasgui.on("tabSelect", (_yasgui, id) => yasgui.getTab(id) && watch(yasgui.getTab(id)));
  yasgui.on("queryResponse", (_yasgui, tab) => watch(tab));
  if (yasgui.getTab()) watch(yasgui.getTab());

  if (page.query && !fromShareLink) open(page.query, page.run);
  else if (yasgui.getTab()) describe(yasgui.getTab().getName());
  document.body.dataset.ready = "1";
})();
