#!/bin/sh
# Regenerate nginx's CSP snippet from the templates and reload nginx if it changed.
# Run from the project folder (/srv/publisher). Never leaves nginx without a CSP: the new snippet is
# written beside the old one, checked by `nginx -t`, and only then put in place.
# 从模板重新生成 CSP 片段；有变化且 nginx -t 通过时才替换并重新加载 nginx。
set -eu
snippet=${PUBLISHER_CSP_SNIPPET:-/etc/nginx/snippets/publisher-csp.conf}
.venv/bin/publisher csp --nginx -f mkdocs.yml > "$snippet.new"
if [ -f "$snippet" ] && cmp -s "$snippet.new" "$snippet"; then
    rm -f "$snippet.new"
    exit 0
fi
[ -f "$snippet" ] && cp -p "$snippet" "$snippet.old"
mv "$snippet.new" "$snippet"
if nginx -t -q; then
    nginx -s reload
else
    [ -f "$snippet.old" ] && mv "$snippet.old" "$snippet"
    echo "publisher: nginx rejected the new CSP snippet; the old one is back in place" >&2
    exit 1
fi
rm -f "$snippet.old"
