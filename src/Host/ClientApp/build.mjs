// Bundles the dashboard into the host's wwwroot: index.html, favicon.svg, app.js and app.css.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./src/', import.meta.url));
const output = fileURLToPath(new URL('../wwwroot/', import.meta.url));

await mkdir(output, { recursive: true });
await build({
  entryPoints: { app: `${source}main.js` },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  outdir: output,
  logLevel: 'warning',
});
await build({
  entryPoints: { app: `${source}styles.css` },
  bundle: true,
  minify: true,
  outdir: output,
  logLevel: 'warning',
});
await writeFile(`${output}favicon.svg`, await readFile(`${source}favicon.svg`));
// Written last: MSBuild treats the bundle as up to date when index.html is newer than every source.
await writeFile(`${output}index.html`, await readFile(`${source}index.html`));
