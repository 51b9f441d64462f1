vcl 4.1;
# Tin Tỉnh: Varnish in front of the nginx edges (deploy/nginx/tintinh-site.conf).
#
# Pages may be cached for a year (s-maxage): the publisher purges exactly the URLs each publish
# changes before it reports the publish live (publisher/caches.ts), from the addresses in the
# `publisher` ACL only. Only the one normal spelling of a URL is cached (the spelling the
# publisher purges); any other spelling (doubled slashes, dot segments, percent-escapes,
# index.html, a page path without its slash, a query) is passed to nginx every time, which
# normalises it itself: a takedown is gone under every spelling at once.
#
# Edit the backends (one per edge) and the ACL; the rest is the site's.
import directors;

backend edge1 {
    .host = "127.0.0.1";
    .port = "8081";
    .probe = { .url = "/robots.txt"; .interval = 2s; .timeout = 1s; .window = 3; .threshold = 2; }
}
backend edge2 {
    .host = "127.0.0.1";
    .port = "8082";
    .probe = { .url = "/robots.txt"; .interval = 2s; .timeout = 1s; .window = 3; .threshold = 2; }
}

acl publisher {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new edges = directors.round_robin();
    edges.add_backend(edge1);
    edges.add_backend(edge2);
}

sub vcl_recv {
    set req.backend_hint = edges.backend();
    # One site: the cache key does not depend on how Host is spelled.
    set req.http.Host = "site";
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ publisher) {
            return (synth(405, "Method Not Allowed"));
        }
        if (req.method == "PURGE") {
            # Every encoding variant stored under this URL.
            return (purge);
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url missing"));
        }
        ban("obj.http.X-TT-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (synth(405, "Method Not Allowed"));
    }
    unset req.http.Cookie;
    unset req.http.Authorization;
    # Drafts are previewed on demand, never cached.
    if (req.url ~ "^/preview/") {
        return (pass);
    }
    # Only the normal spelling is cached: anything else goes to nginx, which normalises it.
    if (req.url ~ "\?|#|//|/\.|%|\.html$|/[^/.]+$") {
        return (pass);
    }
    # Varnish keeps one variant per encoding it is told apart by (its own gzip handling only
    # knows gzip): brotli, gzip or neither, in a header of our own.
    if (req.http.Accept-Encoding ~ "\bbr\b") {
        set req.http.X-TT-AE = "br";
    } elsif (req.http.Accept-Encoding ~ "\bgzip\b") {
        set req.http.X-TT-AE = "gzip";
    } else {
        unset req.http.X-TT-AE;
    }
    return (hash);
}

sub vcl_synth {
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD";
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-TT-AE) {
        set bereq.http.Accept-Encoding = bereq.http.X-TT-AE;
    } else {
        unset bereq.http.Accept-Encoding;
    }
}

sub vcl_backend_response {
    # For bans (lurker-friendly: they look at the object only).
    set beresp.http.X-TT-Url = bereq.url;
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)\bAccept-Encoding\b", "X-TT-AE");
    }
    # Keep compressed bytes as nginx sent them (brotli is not Varnish's to decode).
    set beresp.do_gunzip = false;
}

sub vcl_deliver {
    unset resp.http.X-TT-Url;
    if (resp.http.Vary) {
        set resp.http.Vary = regsuball(resp.http.Vary, "(?i),\s*Accept-Encoding\b", "");
        set resp.http.Vary = regsuball(resp.http.Vary, "X-TT-AE", "Accept-Encoding");
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
