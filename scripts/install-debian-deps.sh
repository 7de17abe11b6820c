#!/usr/bin/env bash
# Installs the Debian packages a task needs, only those missing. Usage: install-debian-deps.sh test|bench
set -euo pipefail
want=()
case "${1:-test}" in
  test)
    command -v xmllint >/dev/null 2>&1 || want+=(libxml2-utils)
    /usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || want+=(python3-feedparser)
    /usr/bin/python3 -c 'import lxml' >/dev/null 2>&1 || want+=(python3-lxml)
    # The browser tests (tests/browser) drive Debian's Chromium through playwright-core, which never
    # downloads a browser; a CJK font makes the screenshots of the Chinese pages readable.
    [ -x /usr/bin/chromium ] || want+=(chromium)
    { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || want+=(fonts-wqy-microhei)
    # The Jekyll drop-in tests (tests/jekyll) build tests/fixtures/jekyll-site with the real Jekyll and jekyll-feed
    # as the reference feedwright's feeds are compared with; Debian's packages, no gems from the network.
    command -v jekyll >/dev/null 2>&1 || want+=(jekyll)
    ruby -e 'require "jekyll-feed"' >/dev/null 2>&1 || want+=(ruby-jekyll-feed)
    # The cluster tests (tests/cluster) start a real redis-server of their own on a free loopback port.
    command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
    ;;
  bench)
    command -v wrk >/dev/null 2>&1 || want+=(wrk)
    command -v hugo >/dev/null 2>&1 || want+=(hugo)
    ;;
  *) echo "usage: $0 test|bench" >&2; exit 2 ;;
esac
[ ${#want[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${want[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
if [ "${1:-test}" = test ] && [ ! -x /usr/bin/chromium ]; then
  echo "chromium could not be installed: the browser tests need /usr/bin/chromium (Debian package chromium)" >&2
  exit 1
fi
