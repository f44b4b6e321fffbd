// The seminar page: sliders for a scenario's parameters; every change asks the server to
// analyse again and shows the outcomes, the chart and the report.
"use strict";

const $ = (id) => document.getElementById(id);
let scenarios = [];
let current = null;
let timer = null;
let sequence = 0;
const SHOWN = 40; // outcomes listed; a large conflict has hundreds

function query() {
  const params = new URLSearchParams({ scenario: current.name });
  for (const input of document.querySelectorAll("#parameters input[type=range]")) {
    if (input.value !== input.dataset.default) {
      params.append("set", `${input.name}=${input.value}`);
    }
  }
  return params;
}

function setStatus(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

async function update() {
  const params = query();
  const chartParams = new URLSearchParams(params);
  if ($("chart").value) chartParams.set("chart", $("chart").value);
  const mine = ++sequence;
  document.body.dataset.state = "busy";
  setStatus("analysing…", false);
  $("handout").href = "/api/handout.html?" + params.toString();
  let data;
  try {
    const response = await fetch("/api/analyse?" + params.toString());
    data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
  } catch (err) {
    if (mine === sequence) {
      setStatus(String(err.message || err), true);
      document.body.dataset.state = "error";
    }
    return;
  }
  if (mine !== sequence) return; // a newer request is on its way
  const items = data.outcomes.slice(0, SHOWN).map((label) => {
    const item = document.createElement("li");
    item.textContent = label;
    return item;
  });
  if (data.outcomes.length > SHOWN) {
    const more = document.createElement("li");
    more.textContent = `… and ${data.outcomes.length - SHOWN} more (see the report)`;
    items.push(more);
  }
  $("outcomes").replaceChildren(...items);
  $("report").textContent = data.text;
  const image = $("chart-image");
  image.hidden = !$("chart").value;
  if ($("chart").value) image.src = "/api/chart.svg?" + chartParams.toString();
  setStatus(`${data.outcomes.length} outcome(s)`, false);
  document.body.dataset.query = params.toString();
  document.body.dataset.state = "ready";
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
}

function parameterControl(p) {
  const box = document.createElement("div");
  box.className = "parameter";
  const label = document.createElement("label");
  label.htmlFor = "p-" + p.name;
  const name = document.createElement("span");
  name.textContent = p.name;
  const shown = document.createElement("output");
  shown.id = "v-" + p.name;
  shown.textContent = String(p.value);
  label.append(name, shown);
  const input = document.createElement("input");
  Object.assign(input, {
    type: "range", id: "p-" + p.name, name: p.name,
    min: String(p.min), max: String(p.max), step: String(p.step), value: String(p.value),
  });
  input.dataset.default = input.value;
  input.addEventListener("input", () => { shown.textContent = input.value; schedule(); });
  input.addEventListener("change", () => { shown.textContent = input.value; schedule(); });
  const about = document.createElement("p");
  about.className = "about";
  about.textContent = p.about;
  box.append(label, input, about);
  return box;
}

function choose(name) {
  current = scenarios.find((s) => s.name === name) || scenarios[0];
  $("scenario").value = current.name;
  $("title").textContent = `${current.title} (${current.kind})`;
  $("summary").textContent = current.summary;
  $("parameters").replaceChildren(...current.parameters.map(parameterControl));
  if (!current.parameters.length) {
    const none = document.createElement("p");
    none.textContent = "This scenario has no parameters.";
    $("parameters").append(none);
  }
  $("chart").replaceChildren(
    ...current.charts.map((c) => new Option(`${c.name}: ${c.about}`, c.name))
  );
  $("chart").value = current.default_chart || (current.charts[0] || {}).name || "";
  $("chart-choice").hidden = !current.charts.length;
  history.replaceState(null, "", "#" + current.name);
  update();
}

async function start() {
  const response = await fetch("/api/scenarios");
  scenarios = await response.json();
  $("scenario").replaceChildren(
    ...scenarios.map((s) => new Option(`${s.title} — ${s.name} (${s.kind})`, s.name))
  );
  $("scenario").addEventListener("change", () => choose($("scenario").value));
  $("chart").addEventListener("change", update);
  choose(decodeURIComponent(location.hash.slice(1)) || "freeze_for_freeze");
}

start();
