#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when we can (root with apt), else say how in one line.
set -euo pipefail
browser="${ARTICLE_QA_CHROMIUM:-$(command -v chromium || true)}"
if [ -n "$browser" ] && [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests (apt-get, about a minute) ..." >&2
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/article-qa-chromium.log 2>&1; then
    exit 0
  fi
  echo "error: apt-get install chromium failed (log: /tmp/article-qa-chromium.log); install it, or set ARTICLE_QA_CHROMIUM to a Chromium binary" >&2
  exit 1
fi
echo "error: the browser tests need Chromium: run 'sudo apt-get install chromium' (or set ARTICLE_QA_CHROMIUM=/path/to/chromium), or run 'make test-fast'" >&2
exit 1
