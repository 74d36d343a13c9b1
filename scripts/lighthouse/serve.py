"""Serves a built site as static hosts do (GitHub Pages, Netlify, Cloudflare Pages): text
files gzip-compressed for clients that accept it. Lighthouse measured behind
`python3 -m http.server`, which sends every stylesheet and script uncompressed, charges a
page for bytes no buyer downloads.

    python3 serve.py PORT DIR
"""
import gzip
import http.server
import sys
from functools import partial
from io import BytesIO

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if path.endswith("/"):
            path += "index.html"
        kind = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not kind.startswith(COMPRESSED):
            return super().send_head()
        try:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), 6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port, root = int(sys.argv[1]), sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=root))
    server.serve_forever()
