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

// --- graph: cytoscape.js (vendored in static/) lays out and draws the actors and their claims ----

function graphElements(data) {
  const nodes = new Map();
  const edges = data.edges.map((edge, i) => {
    [[edge.subject_id, edge.subject_name], [edge.object_id, edge.object_name]].forEach(([id, name]) => {
      if (!nodes.has(id)) nodes.set(id, { id: id, name: name || id, claims: 0 });
      nodes.get(id).claims += edge.claims;
    });
    const stance = edge.negated === edge.claims ? "negated" : edge.negated > 0 ? "mixed" : "affirmed";
    return { group: "edges", classes: stance, data: {
      id: `e${i}`, source: edge.subject_id, target: edge.object_id, plover: edge.plover, claims: edge.claims,
      negated: edge.negated, color: data.quads[edge.quad].color, width: 1.5 + Math.log2(edge.claims + 1),
      title: `${edge.plover}: ${edge.claims} claim(s)${edge.negated ? `, ${edge.negated} negated` : ""}`,
    } };
  });
  const sized = Array.from(nodes.values()).map((node) => ({ group: "nodes", data: {
    ...node, size: 10 + Math.min(26, 4 * Math.sqrt(node.claims)),
  } }));
  return sized.concat(edges);
}

const GRAPH_STYLE = [
  { selector: "node", style: {
    "width": "data(size)", "height": "data(size)", "background-color": "#546e7a", "label": "data(name)",
    "font-size": 11, "color": "#222", "text-valign": "top", "text-margin-y": -3, "text-outline-color": "#fff",
    "text-outline-width": 2, "min-zoomed-font-size": 10, "text-max-width": 140, "text-wrap": "ellipsis",
  } },
  { selector: "edge", style: {
    "width": "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
    "target-arrow-shape": "triangle", "arrow-scale": 0.9, "curve-style": "bezier", "opacity": 0.85,
  } },
  { selector: "edge.negated", style: { "line-style": "dashed" } },
  { selector: "edge.mixed", style: { "line-style": "dotted" } },
  { selector: "node.major", style: { "font-weight": "bold", "min-zoomed-font-size": 0, "z-index": 5 } },
  { selector: "node:selected, node.hover", style: { "background-color": "#1565c0", "z-index": 10 } },
];
// Labels are drawn once the zoom shows them 10 px high or more (min-zoomed-font-size); the busiest actors ("major":
// the top MAJOR_SHARE by claims, at most MAJOR_MAX) keep MAJOR_FONT px labels at any zoom, so a large graph fitted
// to the frame still names its hubs.
const MAJOR_SHARE = 0.12, MAJOR_MAX = 30, MAJOR_FONT = 12, FIT_MAX_ZOOM = 1.5;

function markMajor(cy) {
  const ranked = cy.nodes().sort((a, b) => b.data("claims") - a.data("claims") || a.id().localeCompare(b.id()));
  const count = Math.min(MAJOR_MAX, Math.max(1, Math.ceil(ranked.length * MAJOR_SHARE)));
  ranked.slice(0, count).addClass("major");
}

function labelBox(node) {
  return node.renderedBoundingBox({ includeNodes: false, includeLabels: true, includeEdges: false });
}

function clashes(box, boxes) {
  return boxes.some((other) => box.x1 < other.x2 && other.x1 < box.x2 && box.y1 < other.y2 && other.y1 < box.y2);
}

// Greedy label placement, busiest first: a major label that would cover one already placed moves below its node,
// else it stops being major (its label then shows once one zooms in).
function placeMajorLabels(cy) {
  const placed = [];
  cy.nodes(".major").sort((a, b) => b.data("claims") - a.data("claims")).forEach((node) => {
    let box = labelBox(node);
    if (clashes(box, placed)) {
      node.style({ "text-valign": "bottom", "text-margin-y": 3 });
      box = labelBox(node);
    }
    if (clashes(box, placed)) {
      node.removeClass("major").removeStyle("text-valign text-margin-y font-size");
      return;
    }
    placed.push(box);
  });
}

function keepMajorLabelsReadable(cy) {
  const size = Math.max(11, MAJOR_FONT / cy.zoom());
  cy.nodes(".major").style("font-size", size);
}

function graphLayout(count) {
  return { name: "cose", animate: false, randomize: false, fit: true, padding: 24,
    nodeRepulsion: () => 6000 + 20 * count, idealEdgeLength: () => 40 + Math.min(40, count / 6),
    nodeOverlap: 20, componentSpacing: 60, gravity: 1, numIter: 2500, nodeDimensionsIncludeLabels: false };
}

function setUpGraph() {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const elements = graphElements(data);
  const cy = window.cytoscape({ container: document.getElementById("graph"), elements: elements, style: GRAPH_STYLE,
    layout: graphLayout(elements.length), minZoom: 0.1, maxZoom: 4 });
  // A small graph fitted to the frame would be blown up: no more than FIT_MAX_ZOOM.
  if (cy.zoom() > FIT_MAX_ZOOM) {
    cy.zoom(FIT_MAX_ZOOM);
    cy.center();
  }
  markMajor(cy);
  keepMajorLabelsReadable(cy);
  placeMajorLabels(cy);
  cy.on("zoom", () => keepMajorLabelsReadable(cy));
  cy.on("tap", "node", (event) => { window.location = `${base}/entities/${encodeURIComponent(event.target.id())}`; });
  cy.on("tap", "edge", (event) => {
    const edge = event.target.data();
    window.location = `${base}/claims?subject_id=${encodeURIComponent(edge.source)}&object_id=${encodeURIComponent(edge.target)}&plover=${edge.plover}`;
  });
  cy.on("mouseover", "node", (event) => event.target.addClass("hover"));
  cy.on("mouseout", "node", (event) => event.target.removeClass("hover"));
  // The browser tests read the drawn graph through this handle.
  window.claimgraphGraph = cy;
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
