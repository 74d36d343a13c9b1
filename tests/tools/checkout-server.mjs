// A static host with the basket's checkout function, for tests: serves a built site from a
// folder and runs the Netlify checkout function (written by `shop init --checkout netlify`)
// for /api/checkout, as Netlify does. No dependencies.
//
//   node tests/tools/checkout-server.mjs SITE_DIR FUNCTION_FILE   # prints `http://127.0.0.1:PORT`
//
// The function reads STRIPE_SECRET_KEY and SHOP_STRIPE_API from this process's environment.
// It exits when its standard input closes or on SIGTERM.
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".webp": "image/webp", ".png": "image/png", ".xml": "application/xml" };

/** The file a site path names: `index.html` of a folder; null outside `root` or missing. */
async function fileOf(root, pathname) {
  const path = normalize(join(root, decodeURIComponent(pathname)));
  if (!path.startsWith(root)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return fileOf(root, join(pathname, "index.html"));
  return info ? path : null;
}

/** Serves `root` and the checkout function `handler` on 127.0.0.1; resolves to its address. */
export async function serveSite(root, handler) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/api/checkout") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = ["GET", "HEAD"].includes(req.method) ? undefined : Buffer.concat(chunks);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body });
      const response = await handler(request, {});
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    const file = await fileOf(root, url.pathname);
    if (!file) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? "")) {
  const [site, functionFile] = process.argv.slice(2);
  const { default: handler } = await import(pathToFileURL(resolve(functionFile)).href);
  const { base } = await serveSite(resolve(site), handler);
  process.stdout.write(`${base}\n`);
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
  process.on("SIGTERM", () => process.exit(0));
}
