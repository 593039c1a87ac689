// Brotli copies of the bundled grid files (quality 11, made once here rather than per request): the web
// server sends a file's .br copy to a browser that accepts brotli (masterplan/web/app.py).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const folder = "templates/web/static/vendor";
for (const name of readdirSync(folder)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const data = readFileSync(join(folder, name));
  const packed = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  writeFileSync(join(folder, name + ".br"), packed);
}
