// The review workbench's only script: keyboard review (j/k/a/r/e/Enter) and the graph view.
// Text from the server is only ever set with textContent, never as HTML.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const base = document.querySelector('meta[name="base-path"]').content;

function typing(event) {
  const tag = event.target.tagName;
  return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.target.isContentEditable;
}

// --- claim list: move a selection, review the selected row in place -----------------------

function listRows() { return Array.from(document.querySelectorAll("tr.claim-row")); }

function select(index) {
  const rows = listRows();
  if (!rows.length) return;
  const next = Math.max(0, Math.min(rows.length - 1, index));
  rows.forEach((row) => row.classList.remove("selected"));
  rows[next].classList.add("selected");
  rows[next].scrollIntoView({ block: "nearest" });
}

function selectedIndex() { return listRows().findIndex((row) => row.classList.contains("selected")); }

async function reviewRow(row, action) {
  const body = new URLSearchParams({ action: action, csrf_token: csrf });
  const response = await fetch(`${base}/claims/${encodeURIComponent(row.dataset.id)}/review`, {
    method: "POST", body: body, headers: { Accept: "application/json", "X-CSRF-Token": csrf }, credentials: "same-origin",
  });
  const answer = await response.json();
  const cell = row.querySelector("td.status");
  if (!response.ok) { cell.textContent = answer.error || "not saved"; return; }
  cell.textContent = `${answer.action} (${answer.reviewer})`;
  row.className = `claim-row selected status-${answer.action}`;
  select(selectedIndex() + 1);
}

function onListKey(event) {
  const rows = listRows();
  const index = selectedIndex();
  const row = rows[index];
  if (event.key === "j") select(index + 1);
  else if (event.key === "k") select(index < 0 ? 0 : index - 1);
  else if ((event.key === "Enter" || event.key === "o") && row) window.location = row.dataset.href;
  else if (event.key === "e" && row) window.location = row.dataset.href + "#edit";
  else if ((event.key === "a" || event.key === "r") && row) reviewRow(row, event.key === "a" ? "accept" : "reject");
  else return;
  event.preventDefault();
}

// --- claim page: the review forms and the neighbours ---------------------------------------

function openEditor() {
  const details = document.getElementById("edit");
  details.open = true;
  document.getElementById("edit-plover").focus();
}

function onClaimKey(event) {
  const body = document.body.dataset;
  if (event.key === "a") document.getElementById("accept-form").submit();
  else if (event.key === "r") document.getElementById("reject-form").submit();
  else if (event.key === "e") openEditor();
  else if (event.key === "j" && body.next) window.location = body.next;
  else if (event.key === "k" && body.prev) window.location = body.prev;
  else return;
  event.preventDefault();
}

// --- graph: a small force layout drawn as SVG ----------------------------------------------

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
  return element;
}

function graphNodes(edges, width, height) {
  const nodes = new Map();
  edges.forEach((edge) => {
    [[edge.subject_id, edge.subject_name], [edge.object_id, edge.object_name]].forEach(([id, name]) => {
      if (!nodes.has(id)) nodes.set(id, { id: id, name: name || id, degree: 0 });
      nodes.get(id).degree += edge.claims;
    });
  });
  const list = Array.from(nodes.values());
  list.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / list.length;
    node.x = width / 2 + (width / 2.6) * Math.cos(angle);
    node.y = height / 2 + (height / 2.6) * Math.sin(angle);
  });
  return nodes;
}

function relax(nodes, edges, width, height) {
  const list = Array.from(nodes.values());
  for (let step = 0; step < 200; step++) {
    list.forEach((a) => { a.dx = 0; a.dy = 0; });
    list.forEach((a) => list.forEach((b) => {
      if (a === b) return;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.dx += (dx / d2) * 500; a.dy += (dy / d2) * 500;
    }));
    edges.forEach((edge) => {
      const a = nodes.get(edge.subject_id), b = nodes.get(edge.object_id);
      const dx = b.x - a.x, dy = b.y - a.y;
      a.dx += dx * 0.02; a.dy += dy * 0.02; b.dx -= dx * 0.02; b.dy -= dy * 0.02;
    });
    list.forEach((a) => {
      a.x = Math.max(30, Math.min(width - 150, a.x + Math.max(-10, Math.min(10, a.dx))));
      a.y = Math.max(20, Math.min(height - 20, a.y + Math.max(-10, Math.min(10, a.dy))));
    });
  }
}

function drawGraph(svg, edges) {
  const width = 900, height = 620;
  const nodes = graphNodes(edges, width, height);
  relax(nodes, edges, width, height);
  edges.forEach((edge) => {
    const a = nodes.get(edge.subject_id), b = nodes.get(edge.object_id);
    const link = svgElement("a", { href: `${base}/claims?subject_id=${encodeURIComponent(edge.subject_id)}&object_id=${encodeURIComponent(edge.object_id)}&plover=${edge.plover}` });
    const line = svgElement("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `edge type-${edge.plover}`, "stroke-width": 1 + Math.log2(edge.claims + 1), "marker-end": "url(#arrow)" });
    const title = svgElement("title", {});
    title.textContent = `${a.name} ${edge.plover} ${b.name}: ${edge.claims} claim(s)`;
    line.appendChild(title); link.appendChild(line); svg.appendChild(link);
  });
  nodes.forEach((node) => {
    const link = svgElement("a", { href: `${base}/entities/${encodeURIComponent(node.id)}`, class: "node" });
    link.appendChild(svgElement("circle", { cx: node.x, cy: node.y, r: 5 + Math.min(12, Math.sqrt(node.degree) * 2) }));
    const label = svgElement("text", { x: node.x + 8, y: node.y - 8 });
    label.textContent = node.name;
    link.appendChild(label); svg.appendChild(link);
  });
}

function setUpGraph() {
  const svg = document.getElementById("graph");
  const defs = svgElement("defs", {});
  const marker = svgElement("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
  marker.appendChild(svgElement("path", { d: "M0,0 L10,5 L0,10 z", fill: "#888" }));
  defs.appendChild(marker); svg.appendChild(defs);
  drawGraph(svg, JSON.parse(document.getElementById("graph-data").textContent));
}

// --- wiring --------------------------------------------------------------------------------

const page = document.body.dataset.page;
document.addEventListener("keydown", (event) => {
  if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (page === "claims") onListKey(event);
  else if (page === "claim") onClaimKey(event);
});
if (page === "claims") {
  listRows().forEach((row, i) => row.addEventListener("click", (event) => { if (event.target.tagName !== "A") select(i); }));
  select(0);
}
if (page === "claim" && window.location.hash === "#edit") openEditor();
if (page === "graph") setUpGraph();
