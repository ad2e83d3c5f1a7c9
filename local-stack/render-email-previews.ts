// Renders every email template with its sample data into a folder a developer opens in a browser:
//   npm run email:preview  ->  .stack/email-preview/index.html
import { renderEmail, TEMPLATES } from "../edge-functions/_email/catalog.ts";

const out = Deno.args[0] ?? ".stack/email-preview";
await Deno.mkdir(out, { recursive: true });
const rows: string[] = [];
for (const [name, template] of Object.entries(TEMPLATES)) {
  const t0 = performance.now();
  const { subject, html, text } = await renderEmail(name, template.sample);
  const ms = performance.now() - t0;
  await Deno.writeTextFile(`${out}/${name}.html`, html);
  await Deno.writeTextFile(`${out}/${name}.txt`, text);
  rows.push(
    `<tr><td>${name}</td><td><a href="${name}.html">${
      subject.replace(/</g, "&lt;")
    }</a></td><td><a href="${name}.txt">text</a></td><td>${ms.toFixed(1)} ms</td></tr>`,
  );
}
await Deno.writeTextFile(
  `${out}/index.html`,
  `<!doctype html><meta charset="utf-8"><title>TripMaster emails</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 12px;text-align:left}</style><h1>TripMaster emails (${rows.length})</h1><table><tr><th>Template</th><th>Subject</th><th></th><th>First render</th></tr>${
    rows.join("")
  }</table>`,
);
console.log(`${rows.length} templates rendered into ${out}/index.html`);
