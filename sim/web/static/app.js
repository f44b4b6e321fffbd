// The seminar page: sliders for a scenario's parameters; every change asks the server to
// analyse again and shows the outcomes, the payoff table, the equilibria, the chart, the
// explanation and the report.  Conflicts get their stability by concept, trees their backward
// induction step by step.  Exercises are generated and checked by the server.
"use strict";

const $ = (id) => document.getElementById(id);
let scenarios = [];
let current = null;
let timer = null;
let sequence = 0;
let explainSequence = 0;
let robustSequence = 0;
let treeSteps = [];
let treeShown = 0;
let treeChartSequence = 0;
const TREE_MARKS = ["bi-solved", "bi-solved-choice", "bi-pruned", "bi-current", "bi-chosen", "bi-compared"];
let currentExercise = null;
const SHOWN = 40; // outcomes listed; a large conflict has hundreds

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

async function getJSON(url, init) {
  const response = await fetch(url, init);
  let data;
  try {
    data = await response.json();
  } catch (err) {
    throw new Error(`the server answered ${response.status} ${response.statusText}`);
  }
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.problems = data.problems || [];
    throw error;
  }
  return data;
}

// -- the query of the current controls ----------------------------------------------------

function query() {
  const params = new URLSearchParams({ scenario: current.name });
  for (const input of document.querySelectorAll("#parameters input[type=range]")) {
    if (input.value !== input.dataset.default) {
      params.append("set", `${input.name}=${input.value}`);
    }
  }
  for (const select of document.querySelectorAll("#settings select")) {
    if (select.value) params.append("opt", `${select.name}=${select.value}`);
  }
  return params;
}

function chartQuery(params) {
  const out = new URLSearchParams(params);
  if ($("chart").value) out.set("chart", $("chart").value);
  for (const select of document.querySelectorAll("#chart-settings select")) {
    if (select.value) out.append("copt", `${select.name}=${select.value}`);
  }
  if (!$("conflict-box").hidden && $("concept").value) {
    out.delete("copt");
    out.append("copt", `concept=${$("concept").value}`);
  }
  return out;
}

function setStatus(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

// -- payoff tables, equilibria, conflicts, trees -------------------------------------------

function payoffTable(table, players) {
  const head = el("tr", {}, el("th", { text: `${table.row_player} \\ ${table.col_player}` }));
  for (const label of table.col_labels) head.append(el("th", { text: label }));
  const body = table.rows.map((cells, r) => {
    const row = el("tr", {}, el("th", { text: table.row_labels[r] }));
    for (const cell of cells) {
      const td = el("td", { "data-profile": cell.profile });
      const best = cell.best.map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
      td.setAttribute("data-br", best.join(","));
      cell.payoffs.forEach((value, i) => {
        if (i) td.append(", ");
        td.append(
          el("span", {
            className: cell.best[i] ? "br" : "",
            text: value,
            title: `${players[i]}: ${value}` + (cell.best[i] ? " (a best response)" : ""),
          })
        );
      });
      if (cell.equilibrium) {
        td.className = "eq";
        td.setAttribute("data-eq", String(cell.equilibrium));
        td.append(el("span", { className: "eq-number", text: ` #${cell.equilibrium}` }));
      }
      row.append(td);
    }
    return row;
  });
  const out = el("table", { className: "payoffs" }, el("thead", {}, head), el("tbody", {}, ...body));
  if (!table.title) return out;
  return el("div", {}, el("p", { className: "table-title", text: table.title }), out);
}

function showPayoffs(data) {
  const view = data.payoffs;
  $("payoff-box").hidden = !view;
  if (!view) return;
  const parts = view.tables.map((t) => payoffTable(t, view.players));
  if (view.note) parts.push(el("p", { className: "note", text: view.note }));
  $("payoffs").replaceChildren(...parts);
}

function showEquilibria(data) {
  const list = data.equilibria;
  $("equilibria-box").hidden = !list;
  if (!list) return;
  if (!list.length) {
    $("equilibria").replaceChildren(el("li", { text: "no certified equilibrium (see the report)" }));
    return;
  }
  $("equilibria").replaceChildren(
    ...list.map((eq) =>
      el(
        "li",
        { value: eq.number, "data-number": String(eq.number) },
        el("strong", { text: `#${eq.number} (${eq.pure ? "pure" : "mixed"})` }),
        eq.pure ? `: ${eq.label}` : "",
        el(
          "ul",
          {},
          ...eq.players.map((p) =>
            el("li", { text: `${p.player} plays ${p.plays}; expected payoff ${p.payoff}` })
          )
        ),
        eq.pareto_efficient ? "" : el("span", { className: "note", text: "not Pareto-efficient" })
      )
    )
  );
}

function showConflict(data) {
  const view = data.conflict;
  $("conflict-box").hidden = !view;
  if (!view) return;
  const select = $("concept");
  const wanted = select.value || view.concept;
  select.replaceChildren(...view.concepts.map((c) => new Option(c.label, c.name)));
  select.value = wanted;
  const label = view.concepts.find((c) => c.name === view.concept).label;
  const numbers = view.equilibria.map((e) => e.number);
  $("conflict-equilibria").textContent =
    `Equilibria under ${label} (convention: ${view.convention}): ` +
    (numbers.length ? view.equilibria.map((e) => e.describe).join("; ") : "none") + ".";
  $("conflict-equilibria").dataset.states = numbers.join(",");
  const head = el("tr", {}, el("th", { text: "state" }), ...view.dms.map((d) => el("th", { text: d })));
  const rows = view.states.map((s) =>
    el(
      "tr",
      { className: s.equilibrium ? "eq" : "", "data-state": String(s.number) },
      el("td", { text: s.describe }),
      ...s.stable.map((ok) => el("td", { text: ok ? "stable" : "–", className: ok ? "ok" : "" }))
    )
  );
  const parts = [el("table", { className: "states" }, el("thead", {}, head), el("tbody", {}, ...rows))];
  if (view.n_states > view.states.length) {
    parts.push(el("p", { className: "note", text: `${view.states.length} of ${view.n_states} states listed; the report has them all.` }));
  }
  $("conflict-states").replaceChildren(...parts);
}

function showTree(data) {
  const view = data.tree;
  $("tree-box").hidden = !view;
  if (!view) return;
  treeSteps = view.steps;
  treeShown = Math.min(treeShown, treeSteps.length);
  $("tree-note").textContent = view.note || (treeSteps.length
    ? "Backward induction starts at the last decisions and works back to the root."
    : "");
  $("tree-path").textContent = view.path && view.path.length
    ? "The subgame-perfect path: " + view.path.join(" → ") : "";
  for (const id of ["tree-back", "tree-next", "tree-all", "tree-reset"]) {
    $(id).disabled = !treeSteps.length;
  }
  drawTreeSteps();
}

function drawTreeSteps() {
  const items = treeSteps.map((step, k) => {
    const state = k + 1 < treeShown ? "done" : k + 1 === treeShown ? "current" : "todo";
    const item = el("li", { className: state, "data-state": state, "data-node": step.node });
    if (state === "todo") {
      item.textContent = `${step.node}: …`;
      return item;
    }
    const compares = step.moves
      .map((m) => `${m.move} gives ${step.player} ${m.mover_gets} ${m.values}`)
      .join("; ");
    item.append(
      el("strong", { text: `${step.node}` }),
      `: ${step.player} compares ${compares}; chooses `,
      el("strong", { className: "chosen", text: step.chosen }),
      step.tie ? " (a tie: another best move starts another equilibrium)" : "",
      "."
    );
    return item;
  });
  $("tree-steps").replaceChildren(...items);
  $("tree-path").hidden = treeShown < treeSteps.length || !treeSteps.length;
  $("tree-box").dataset.shown = String(treeShown);
  markTree();
}

// The tree chart is inline SVG whose nodes, move lines and move labels carry ids (the server
// gives each step the ids of its node, its moves and its subtree): the steps shown so far are
// marked on it, the current one ringed.
function markTree() {
  const box = $("tree-chart");
  const svg = box.querySelector("svg");
  if (!svg) return;
  for (const node of svg.querySelectorAll("." + TREE_MARKS.join(", ."))) {
    node.classList.remove(...TREE_MARKS);
  }
  for (const ring of svg.querySelectorAll(".bi-ring")) ring.remove();
  const mark = (id, cls) => {
    const node = svg.getElementById(id);
    if (node) node.classList.add(cls);
    return node;
  };
  let solved = 0;
  treeSteps.slice(0, treeShown).forEach((step, k) => {
    if (!step.chart) return;
    if (k + 1 < treeShown) {
      for (const id of step.chart.subtree) {
        if (!id.startsWith("tree-label-")) mark(id, "bi-solved");
      }
      for (const m of step.moves) {
        mark(m.edge, m.edge === step.chart.chosen ? "bi-solved-choice" : "bi-pruned");
        if (m.edge !== step.chart.chosen) mark(m.label, "bi-pruned");
      }
      solved += 1;
      return;
    }
    for (const m of step.moves) {
      mark(m.edge, m.edge === step.chart.chosen ? "bi-chosen" : "bi-compared");
    }
    const node = mark(step.chart.node, "bi-current");
    if (node) {
      const bb = node.getBBox();
      const ring = document.createElementNS(svg.namespaceURI, "circle");
      ring.setAttribute("class", "bi-ring");
      ring.setAttribute("cx", String(bb.x + bb.width / 2));
      ring.setAttribute("cy", String(bb.y + bb.height / 2));
      ring.setAttribute("r", String(Math.max(bb.width, bb.height) / 2 + 6));
      node.append(ring);
    }
  });
  const current = treeShown ? treeSteps[treeShown - 1] : null;
  box.dataset.current = current && current.chart ? current.chart.node : "";
  box.dataset.solved = String(solved);
}

async function showTreeChart(data, params) {
  const mine = ++treeChartSequence;
  const box = $("tree-chart");
  const wanted = data.tree && data.tree.chart && data.tree.steps.length
    && $("chart").value === data.tree.chart;
  $("chart-image").hidden = Boolean(wanted) || !$("chart").value;
  if (!wanted) {
    box.hidden = true;
    $("tree-legend").hidden = true;
    box.replaceChildren();
    return;
  }
  document.body.dataset.treeChart = "busy";
  try {
    const response = await fetch("/api/chart.svg?" + params.toString());
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    const text = await response.text();
    if (mine !== treeChartSequence) return;
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    if (svg.nodeName !== "svg") throw new Error("the chart is not an SVG image");
    box.replaceChildren(document.importNode(svg, true));
    box.hidden = false;
    $("tree-legend").hidden = false;
    markTree();
    document.body.dataset.treeChart = "ready";
  } catch (err) {
    if (mine !== treeChartSequence) return;
    box.replaceChildren(el("p", { className: "note", text: String(err.message || err) }));
    box.hidden = false;
    $("tree-legend").hidden = true;
    document.body.dataset.treeChart = "error";
  }
}

function stepTree(to) {
  treeShown = Math.max(0, Math.min(treeSteps.length, to));
  drawTreeSteps();
}

// -- analysis, explanation, robustness ----------------------------------------------------

async function update() {
  const params = query();
  const chartParams = chartQuery(params);
  const mine = ++sequence;
  document.body.dataset.state = "busy";
  setStatus("analysing…", false);
  $("handout").href = "/api/handout.html?" + chartParams.toString();
  let data;
  try {
    const analyse = new URLSearchParams(chartParams);
    data = await getJSON("/api/analyse?" + analyse.toString());
  } catch (err) {
    if (mine === sequence) {
      setStatus(String(err.message || err), true);
      document.body.dataset.state = "error";
    }
    return;
  }
  if (mine !== sequence) return; // a newer request is on its way
  const items = data.outcomes.slice(0, SHOWN).map((label) => el("li", { text: label }));
  if (data.outcomes.length > SHOWN) {
    items.push(el("li", { text: `… and ${data.outcomes.length - SHOWN} more (see the report)` }));
  }
  $("outcomes").replaceChildren(...items);
  showPayoffs(data);
  showEquilibria(data);
  showConflict(data);
  showTree(data);
  $("report").textContent = data.text;
  const image = $("chart-image");
  showTreeChart(data, chartParams); // hides the image when the tree chart is shown inline
  if (!image.hidden) image.src = "/api/chart.svg?" + chartParams.toString();
  setStatus(`${data.outcomes.length} outcome(s)`, false);
  $("robust").replaceChildren();
  $("robust-status").textContent = "";
  document.body.dataset.query = params.toString();
  document.body.dataset.state = "ready";
  explain(params);
}

async function explain(params) {
  const mine = ++explainSequence;
  document.body.dataset.explain = "busy";
  try {
    const data = await getJSON("/api/explain?" + params.toString());
    if (mine !== explainSequence) return;
    $("explanation").innerHTML = data.html; // rendered and escaped by the server
    document.body.dataset.explain = "ready";
  } catch (err) {
    if (mine !== explainSequence) return;
    $("explanation").textContent = String(err.message || err);
    document.body.dataset.explain = "error";
  }
}

async function runRobust() {
  const params = query();
  const mine = ++robustSequence;
  $("robust-status").textContent = "drawing the parameters…";
  $("robust-status").className = "status";
  $("robust").replaceChildren();
  document.body.dataset.robust = "busy";
  try {
    const data = await getJSON("/api/robust?" + params.toString());
    if (mine !== robustSequence) return;
    $("robust-status").textContent =
      `${data.draws.toLocaleString("en")} draws (seed ${data.seed}) of ` +
      `${data.parameters.join(", ")}, ${data.drawn}.`;
    const head = el("tr", {}, ...["outcome", "holds in", "95% interval", "the only outcome"].map((t) => el("th", { text: t })));
    const rows = data.outcomes.map((o) =>
      el(
        "tr",
        { className: o.baseline ? "eq" : "" },
        el("td", { text: o.label + (o.baseline ? " *" : "") }),
        el("td", { text: o.holds }),
        el("td", { text: o.interval }),
        el("td", { text: o.only })
      )
    );
    const parts = [
      el("table", { className: "robust" }, el("thead", {}, head), el("tbody", {}, ...rows)),
      el("p", { className: "note", text: "* an outcome at the values on the sliders. `negsim robust` gives more draws and which parameters decide each outcome." }),
    ];
    for (const note of data.notes) parts.push(el("p", { className: "note", text: note }));
    $("robust").replaceChildren(...parts);
    document.body.dataset.robust = "ready";
  } catch (err) {
    if (mine !== robustSequence) return;
    $("robust-status").textContent = String(err.message || err);
    $("robust-status").className = "status error";
    document.body.dataset.robust = "error";
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
}

// -- controls -----------------------------------------------------------------------------

function parameterControl(p) {
  const box = el("div", { className: "parameter" });
  const shown = el("output", { id: "v-" + p.name, text: String(p.value) });
  const label = el("label", { htmlFor: "p-" + p.name }, el("span", { text: p.name }), shown);
  const input = el("input", {
    type: "range", id: "p-" + p.name, name: p.name,
    min: String(p.min), max: String(p.max), step: String(p.step), value: String(p.value),
  });
  input.dataset.default = input.value;
  input.addEventListener("input", () => { shown.textContent = input.value; schedule(); });
  input.addEventListener("change", () => { shown.textContent = input.value; schedule(); });
  box.append(label, input, el("p", { className: "about", text: p.about }));
  return box;
}

function settingControl(o, prefix) {
  const select = el("select", { id: `${prefix}-${o.name}`, name: o.name, title: o.help });
  select.append(new Option("(the file's setting)", ""), ...o.choices.map((c) => new Option(c, c)));
  select.addEventListener("change", schedule);
  return el("label", { className: "setting", title: o.help }, `${o.name} `, select);
}

function showChartSettings() {
  const chart = (current.charts || []).find((c) => c.name === $("chart").value);
  const options = chart ? chart.options.filter((o) => o.name !== "concept") : [];
  $("chart-settings").replaceChildren(...options.map((o) => settingControl(o, "copt")));
}

function choose(name) {
  current = scenarios.find((s) => s.name === name) || scenarios[0];
  $("scenario").value = current.name;
  $("title").textContent = `${current.title} (${current.kind})`;
  $("summary").textContent = current.summary;
  $("parameters").replaceChildren(...current.parameters.map(parameterControl));
  if (!current.parameters.length) {
    $("parameters").append(el("p", { text: "This scenario has no parameters." }));
  }
  $("settings").replaceChildren(...(current.options || []).map((o) => settingControl(o, "opt")));
  $("chart").replaceChildren(
    ...current.charts.map((c) => new Option(`${c.name}: ${c.about}`, c.name))
  );
  $("chart").value = current.default_chart || (current.charts[0] || {}).name || "";
  $("chart-choice").hidden = !current.charts.length;
  showChartSettings();
  $("concept").replaceChildren();
  $("robust-run").disabled = !current.parameters.length;
  treeShown = 0;
  history.replaceState(null, "", "#" + current.name);
  update();
}

function showProblems(err) {
  const box = $("upload-error");
  const problems = err.problems && err.problems.length ? err.problems : null;
  const lines = problems
    ? problems.map((p) => el("li", { text: `${p.file}${p.line ? `:${p.line}:${p.col}` : ""}: ${p.message}` }))
    : [el("li", { text: String(err.message || err) })];
  box.replaceChildren(
    el("strong", { text: "The file was not loaded. Change what each line says, then upload it again:" }),
    el("ul", {}, ...lines)
  );
  box.hidden = false;
}

async function upload() {
  const file = $("upload").files[0];
  if (!file) return;
  $("upload-error").hidden = true;
  document.body.dataset.upload = "busy";
  try {
    const body = await file.arrayBuffer();
    const entry = await getJSON("/api/upload?filename=" + encodeURIComponent(file.name), {
      method: "POST", body, headers: { "Content-Type": "application/octet-stream" },
    });
    scenarios = scenarios.filter((s) => s.name !== entry.name).concat([entry]);
    $("scenario").append(new Option(`${entry.title} — uploaded ${file.name} (${entry.kind})`, entry.name));
    document.body.dataset.upload = "ready";
    choose(entry.name);
  } catch (err) {
    showProblems(err);
    document.body.dataset.upload = "error";
  }
  $("upload").value = "";
}

// -- exercises ----------------------------------------------------------------------------

function questionControl(q) {
  const box = el("fieldset", { className: "question", "data-question": q.id });
  box.append(el("legend", { text: q.prompt }));
  if (q.type === "number") {
    box.append(el("input", { type: "text", name: q.id, placeholder: "e.g. 2/3", autocomplete: "off" }));
  } else {
    for (const o of q.options) {
      const input = el("input", { type: q.type === "many" ? "checkbox" : "radio", name: q.id, value: o.value });
      box.append(el("label", { className: "choice" }, input, " " + o.label));
    }
  }
  box.append(el("p", { className: "verdict" }));
  return box;
}

async function newExercise() {
  const params = new URLSearchParams({ kind: $("exercise-kind").value, seed: $("exercise-seed").value });
  document.body.dataset.exercise = "busy";
  $("exercise-verdict").textContent = "";
  try {
    const data = await getJSON("/api/exercise?" + params.toString());
    currentExercise = data;
    $("exercise-command").textContent = `The same exercise on the command line: ${data.command}`;
    $("exercise-question").innerHTML = data.html; // rendered and escaped by the server
    $("exercise-form").replaceChildren(
      ...data.questions.map(questionControl),
      el("button", { type: "submit", id: "exercise-check", text: "Check my answers" })
    );
    document.body.dataset.exercise = "ready";
  } catch (err) {
    $("exercise-verdict").textContent = String(err.message || err);
    document.body.dataset.exercise = "error";
  }
}

async function checkExercise(event) {
  event.preventDefault();
  if (!currentExercise) return;
  const answers = {};
  for (const q of currentExercise.questions) {
    const inputs = [...document.querySelectorAll(`#exercise-form [name="${CSS.escape(q.id)}"]`)];
    if (q.type === "many") answers[q.id] = inputs.filter((i) => i.checked).map((i) => i.value);
    else if (q.type === "one") answers[q.id] = (inputs.find((i) => i.checked) || {}).value || null;
    else answers[q.id] = inputs[0].value;
  }
  document.body.dataset.exercise = "checking";
  try {
    const data = await getJSON("/api/exercise/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: currentExercise.kind, seed: currentExercise.seed, answers }),
    });
    for (const v of data.results) {
      const box = document.querySelector(`#exercise-form [data-question="${CSS.escape(v.id)}"]`);
      box.dataset.correct = String(v.correct);
      const verdict = box.querySelector(".verdict");
      verdict.className = "verdict " + (v.correct ? "right" : "wrong");
      verdict.textContent = (v.correct ? "✓ " : "✗ ") + v.why;
    }
    const right = data.results.filter((v) => v.correct).length;
    $("exercise-verdict").textContent = data.all_correct
      ? "All right!"
      : `${right} of ${data.results.length} right; read why under each question and try again.`;
    document.body.dataset.exercise = "checked";
  } catch (err) {
    $("exercise-verdict").textContent = String(err.message || err);
    document.body.dataset.exercise = "error";
  }
}

async function start() {
  scenarios = await getJSON("/api/scenarios");
  $("scenario").replaceChildren(
    ...scenarios.map((s) => new Option(`${s.title} — ${s.name} (${s.kind})`, s.name))
  );
  $("scenario").addEventListener("change", () => choose($("scenario").value));
  $("chart").addEventListener("change", () => { showChartSettings(); update(); });
  $("concept").addEventListener("change", update);
  $("upload").addEventListener("change", upload);
  $("robust-run").addEventListener("click", runRobust);
  $("tree-next").addEventListener("click", () => stepTree(treeShown + 1));
  $("tree-back").addEventListener("click", () => stepTree(treeShown - 1));
  $("tree-all").addEventListener("click", () => stepTree(treeSteps.length));
  $("tree-reset").addEventListener("click", () => stepTree(0));
  $("exercise-new").addEventListener("click", newExercise);
  $("exercise-form").addEventListener("submit", checkExercise);
  $("exercise-seed").value = String(Math.floor(Math.random() * 1000));
  choose(decodeURIComponent(location.hash.slice(1)) || "freeze_for_freeze");
}

start();
