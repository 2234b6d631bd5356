// Our scripts as the site serves them: `node build_tools/minify.mjs SRC DST [SRC DST ...]`
// writes each SRC minified by terser (names inside our functions shortened, comments and
// spaces gone, but for a /*! licence */ comment) to DST. Run by publish.minify_scripts
// after the site build; docs/ keeps the readable files. Our scripts are classic scripts,
// not modules, and keep their globals.
import { readFile, writeFile } from "node:fs/promises";
import { minify } from "terser";

const args = process.argv.slice(2);
if (!args.length || args.length % 2) {
  console.error("usage: node build_tools/minify.mjs SRC DST [SRC DST ...]");
  process.exit(2);
}
for (let k = 0; k < args.length; k += 2) {
  const [src, dst] = [args[k], args[k + 1]];
  try {
    const out = await minify(await readFile(src, "utf8"), {
      ecma: 2020, module: false, toplevel: false, compress: { passes: 2 }, mangle: true, format: { comments: /^!/ } });
    await writeFile(dst, out.code, "utf8");
  } catch (e) {
    console.error(`${src}: ${e.message}${e.line ? ` (line ${e.line}, column ${e.col})` : ""}`);
    process.exit(1);
  }
}
