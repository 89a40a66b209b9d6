"""What a static web server needs to serve the publication as linked data: Apache httpd and nginx
configurations, and one type map per document.

Both servers do the same, and `tests/lod/test_webservers.py` checks it against real Apache and
nginx processes:

- `GET /id/KIND/KEY` → `303 See Other` to `/doc/KIND/KEY`, with `Link: <…>; rel="describedby"`;
- `GET /doc/KIND/KEY` → HTML, Turtle or JSON-LD by the Accept header with q-values (RFC 9110),
  `406 Not Acceptable` when none of the three is acceptable, `Vary: Accept`, and a `Link`
  header listing the three alternates with their media types;
- `Access-Control-Allow-Origin: *` on every file (pages, dumps, `context.jsonld`, VoID, DCAT).

Apache negotiates with mod_negotiation's type maps (`KEY.var`, written beside each document);
they need only `AllowOverride FileInfo`, unlike MultiViews (an `Options` setting, which
`FileInfo` does not allow). nginx has no negotiation of its own: `nginx-conneg.js` (njs, Debian
package `libnginx-mod-http-js`) ranks the variants the same way `iackg serve` does.
"""

from __future__ import annotations

from pathlib import Path

# (file suffix, media type, source quality): HTML first, so that `*/*` gets the page.
VARIANTS = (
    (".html", "text/html", 1.0),
    (".ttl", "text/turtle", 0.9),
    (".jsonld", "application/ld+json", 0.9),
)


def type_map(key: str) -> str:
    """The mod_negotiation type map of the document `KEY` (file `KEY.var`)."""
    records = [
        f"URI: {key}{suffix}\nContent-Type: {media}; qs={qs}\n" for suffix, media, qs in VARIANTS
    ]
    return "\n".join(records)


HTACCESS = r"""# iackg publication: Apache httpd 2.4
# (mod_rewrite, mod_negotiation, mod_headers, mod_mime).
# Needs only `AllowOverride FileInfo` (no Options). Put this folder at the web root that serves
# the base IRI; for a sub-path (e.g. /iackg/) set RewriteBase to it.
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType text/markdown .md
AddCharset utf-8 .html .ttl .jsonld .md
AddHandler type-map .var
RewriteEngine On
RewriteBase /
# id/ names the thing, doc/ the document about it: 303 See Other (Cool URIs for the Semantic Web)
RewriteRule ^id/([^/]+)/([^/]+)$ doc/$1/$2 [R=303,L,E=IACKG_DESCRIBEDBY:../../doc/$1/$2]
# doc/KIND/KEY: HTML, Turtle or JSON-LD by the Accept header (q-values), 406 when none fits
# (every pass over doc/KIND/KEY[.ext] names the document for the Link and Vary headers below)
RewriteRule ^doc/[^/]+/([^/]+?)(\.html|\.ttl|\.jsonld|\.var)?$ - [E=IACKG_KEY:$1]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME}.var -f
RewriteRule ^doc/([^/]+)/([^/]+)$ doc/$1/$2.var [L]
<IfModule mod_headers.c>
  Header always set Access-Control-Allow-Origin "*"
  Header always set Link "<%{IACKG_DESCRIBEDBY}e>; rel=\"describedby\"" env=IACKG_DESCRIBEDBY
  Header always add Link "<%{IACKG_KEY}e.html>; rel=\"alternate\"; type=\"text/html\"" \
    env=IACKG_KEY
  Header always add Link "<%{IACKG_KEY}e.ttl>; rel=\"alternate\"; type=\"text/turtle\"" \
    env=IACKG_KEY
  Header always add Link \
    "<%{IACKG_KEY}e.jsonld>; rel=\"alternate\"; type=\"application/ld+json\"" \
    env=IACKG_KEY
</IfModule>
"""

NGINX = r"""# iackg publication: nginx with njs (Debian: apt-get install libnginx-mod-http-js).
# 1. In the main context (top of nginx.conf), if your nginx does not load it already:
#      load_module modules/ngx_http_js_module.so;
# 2. In http {}: (give the real path of this folder)
#      js_import iackg from /srv/iackg/nginx-conneg.js;
#      js_set $iackg_variant iackg.variant;
#      js_set $iackg_alternates iackg.alternates;
# 3. The server block below (or its locations in your own server {}), with root = this folder.
server {
    # listen 80;
    # root /srv/iackg;
    types { text/html html; text/turtle ttl; application/ld+json jsonld;
            application/n-triples nt; application/n-quads nq; application/gzip gz;
            text/markdown md; }
    charset utf-8;
    charset_types text/turtle application/ld+json text/markdown;
    add_header Access-Control-Allow-Origin "*" always;

    # id/ -> 303 -> doc/
    location ~ ^/id/([^/]+)/([^/]+)$ {
        add_header Access-Control-Allow-Origin "*" always;
        add_header Link "<../../doc/$1/$2>; rel=\"describedby\"" always;
        return 303 /doc/$1/$2;
    }
    location /doc/ {
        try_files $uri @iackg_negotiate;
    }
    location @iackg_negotiate {
        add_header Access-Control-Allow-Origin "*" always;
        add_header Vary Accept always;
        add_header Link $iackg_alternates always;
        if ($iackg_variant = "!406") { return 406; }
        if ($iackg_variant = "!404") { return 404; }
        try_files $uri$iackg_variant =404;
    }
    # Optional: the live SPARQL endpoint of `iackg serve` behind the same host
    # location /sparql { proxy_pass http://127.0.0.1:8080/sparql; }
}
"""

# The same ranking as `iackg.server.negotiation.choose`: the most specific matching media range
# gives the q; q times the variant's source quality ranks; ties go to the order of VARIANTS.
CONNEG_JS = r"""// iackg publication: content negotiation for nginx (njs).
// See nginx.conf beside this file.
var fs = require('fs');
var VARIANTS = [[".html", "text/html", 1.0], [".ttl", "text/turtle", 0.9],
                [".jsonld", "application/ld+json", 0.9]];

function ranges(header) {
    if (!header || !header.trim()) { return [["*/*", 1.0]]; }
    var out = [];
    header.split(",").forEach(function (part) {
        var fields = part.split(";").map(function (f) { return f.trim(); });
        var media = fields[0].toLowerCase();
        if (!media) { return; }
        if (media === "*") { media = "*/*"; }
        var q = 1.0;
        fields.slice(1).forEach(function (param) {
            var eq = param.indexOf("=");
            if (eq > 0 && param.slice(0, eq).trim().toLowerCase() === "q") {
                var value = Number(param.slice(eq + 1).trim());
                q = isNaN(value) ? 0.0 : Math.min(Math.max(value, 0.0), 1.0);
            }
        });
        out.push([media, q]);
    });
    return out;
}

function quality(offer, accepted) {
    var major = offer.split("/")[0], best = 0.0, specificity = -1;
    accepted.forEach(function (range) {
        var level = range[0] === offer ? 2 : range[0] === major + "/*" ? 1
                  : range[0] === "*/*" ? 0 : -1;
        if (level > specificity) { best = range[1]; specificity = level; }
    });
    return best;
}

function exists(r, suffix) {
    try { fs.accessSync(r.variables.document_root + r.uri + suffix); return true; }
    catch (e) { return false; }
}

function variant(r) {
    if (!exists(r, ".html")) { return "!404"; }
    var accepted = ranges(r.headersIn["Accept"]), chosen = "!406", score = 0.0;
    VARIANTS.forEach(function (v) {
        var s = quality(v[1], accepted) * v[2];
        if (s > score && exists(r, v[0])) { chosen = v[0]; score = s; }
    });
    return chosen;
}

function alternates(r) {
    var key = r.variables.request_uri.split("?")[0].split("/").pop();
    return VARIANTS.map(function (v) {
        return "<" + key + v[0] + ">; rel=\"alternate\"; type=\"" + v[1] + "\"";
    }).join(", ");
}

export default {variant: variant, alternates: alternates};
"""


def write_server_config(out: Path) -> None:
    """The Apache and nginx configurations and nginx's negotiation script, at the top of `out`."""
    (out / ".htaccess").write_text(HTACCESS, encoding="utf-8")
    (out / "nginx.conf").write_text(NGINX, encoding="utf-8")
    (out / "nginx-conneg.js").write_text(CONNEG_JS, encoding="utf-8")
