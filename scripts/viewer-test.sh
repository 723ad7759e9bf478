#!/usr/bin/env bash
# scripts/viewer-test.sh — opens what `sysray export` writes in a real viewer, speedscope's page in
# headless Chromium, and checks what the page shows:
#   - traces build/workloads/stack_calls (`trace -k --json -e getppid`: two getppid calls from
#     known stacks) and exports it as speedscope, chrome and firefox;
#   - serves a scratch copy of speedscope's static page (the npm package, pinned, installed into
#     build/viewer) and the exported files on 127.0.0.1, on a port the kernel picks; the page's
#     <head> starts with a probe that records every string drawn on a canvas (speedscope draws
#     frame names with CanvasRenderingContext2D.fillText), speedscope's console lines and alerts,
#     and the page's text, into a hidden <pre id="viewer-probe">;
#   - loads index.html#profileURL=FILE in `chromium --headless`, driven through the DevTools
#     protocol on a pipe (no puppeteer): it polls the probe until every expected name is there or
#     speedscope gives up, for at most 30 s, then keeps a screenshot, build/viewer/FORMAT.png, and
#     the page's DOM, build/viewer/FORMAT.dom.html (the exported files are kept there too);
#   - speedscope: imported as speedscope's own format, titled `stack_calls (TID)`, with the frames
#     getppid, stack_outer() and stack_inner() drawn;
#     chrome: imported as trace events, the thread `stack_calls (TID)` in the title and the slice
#     getppid drawn (speedscope reads a trace's stackFrames only with a samples array, so the
#     frames under the call are not drawn: tests/runtime/test_export.cpp checks them);
#     firefox: speedscope 1.25.0 cannot import a Gecko profile (it takes only the Firefox devtools'
#     old export, `{"systemHost": {"name": "Firefox"}, "profile": ...}`, and keeps only frames
#     named `name (file:line)`), so it checks that speedscope still refuses the file and says the
#     file was not viewed; once speedscope imports it, that check fails and asks for real ones.
# Exit status: 0 when every check passed, 1 when one failed or sysray's trace or export did (each
# named on stderr), 2 when the test cannot run (not root, no chromium, node, npm or build).
#
# Usage: scripts/viewer-test.sh      (as root: it traces; about 20 s)
#
# Environment: SYSRAY_BUILD_DIR (default <repo>/build); needs Debian's chromium, node and npm
# (scripts/setup.sh installs them) and the npm registry the first time (speedscope).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${SYSRAY_BUILD_DIR:-$REPO/build}
OUT=$BUILD/viewer
SPEEDSCOPE_VERSION=1.25.0

note() { echo "viewer: $*"; }
die() { echo "viewer: error: $*" >&2; exit 2; }
broken() { echo "viewer: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (it runs sysray trace): run it as root"
[ -x "$BUILD/sysray" ] || die "$BUILD/sysray is missing: run scripts/setup.sh"
workload=$BUILD/workloads/stack_calls
[ -x "$workload" ] || die "$workload is missing: run scripts/setup.sh"
for tool in chromium node npm python3; do
	command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh"
done
mkdir -p "$OUT"

pkg=$OUT/node_modules/speedscope
if [ "$(node -p "require('$pkg/package.json').version" 2>/dev/null)" != "$SPEEDSCOPE_VERSION" ]; then
	note "installing speedscope@$SPEEDSCOPE_VERSION from the npm registry into $OUT"
	npm install --prefix "$OUT" --no-audit --no-fund --omit=dev "speedscope@$SPEEDSCOPE_VERSION" >"$OUT/npm.log" 2>&1 ||
		die "npm install speedscope@$SPEEDSCOPE_VERSION failed: $(tail -n 1 "$OUT/npm.log") (all of it: $OUT/npm.log)"
fi
[ -f "$pkg/dist/release/index.html" ] || die "$pkg/dist/release/index.html is missing: speedscope's package changed"

SCRATCH=$(mktemp -d)
server=
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	[ -z "$server" ] || kill "$server" 2>/dev/null || true
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
site=$SCRATCH/site
cp -r "$pkg/dist/release" "$site"

# The probe, first in <head>: before speedscope's bundle, so every fillText goes through it.
cat >"$site/probe.js" <<'EOF'
(function () {
  var drawn = new Set(), logs = [];
  var fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text) {
    drawn.add(String(text));
    return fillText.apply(this, arguments);
  };
  window.alert = function (message) { logs.push('alert: ' + message); };
  var log = console.log;
  console.log = function () {
    logs.push(Array.prototype.map.call(arguments, String).join(' '));
    return log.apply(this, arguments);
  };
  window.addEventListener('error', function (e) { logs.push('error: ' + e.message); });
  setInterval(function () {
    var out = document.getElementById('viewer-probe');
    if (!out) {
      out = document.createElement('pre');
      out.id = 'viewer-probe';
      out.hidden = true;
      document.documentElement.appendChild(out);
    }
    out.textContent = JSON.stringify({
      drawn: Array.from(drawn), logs: logs, text: document.body ? document.body.innerText : ''});
  }, 200);
})();
EOF
sed 's|<head>|<head><script src="probe.js"></script>|' "$pkg/dist/release/index.html" >"$site/index.html"
grep -q 'src="probe.js"' "$site/index.html" || die "could not put the probe into speedscope's index.html (no <head>)"

"$BUILD/sysray" trace -k --json -e getppid -o "$SCRATCH/trace.jsonl" -- "$workload" >"$SCRATCH/trace.out" 2>&1 ||
	broken "sysray trace of $workload failed: $(tail -n 1 "$SCRATCH/trace.out")"
tid=$(python3 - "$SCRATCH/trace.jsonl" <<'EOF'
import json, sys
calls = [o for o in map(json.loads, open(sys.argv[1])) if o.get("syscall") == "getppid" and o["type"] == "syscall"]
if len(calls) == 2:
    print(calls[0]["tid"])
EOF
) || true
[ -n "$tid" ] || broken "sysray trace did not record stack_calls' two getppid calls ($SCRATCH/trace.jsonl)"
thread="stack_calls ($tid)"

# The exported files, by format. Not *.chrome.json: speedscope reads that name as a DevTools
# timeline, not as trace events.
declare -A file=([speedscope]=stack_calls.speedscope.json [chrome]=stack_calls.trace.json
	[firefox]=stack_calls.firefox.json)
for format in speedscope chrome firefox; do
	"$BUILD/sysray" export --format "$format" -o "$site/${file[$format]}" "$SCRATCH/trace.jsonl" 2>"$SCRATCH/export.err" ||
		broken "sysray export --format $format failed: $(tail -n 1 "$SCRATCH/export.err")"
	cp "$site/${file[$format]}" "$OUT/"
done

python3 - "$site" "$SCRATCH/port" >"$SCRATCH/http.log" 2>&1 <<'EOF' &
import functools, http.server, os, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
EOF
server=$!
for _ in $(seq 100); do
	[ -s "$SCRATCH/port" ] || ! kill -0 "$server" 2>/dev/null && break
	sleep 0.1
done
[ -s "$SCRATCH/port" ] || die "the HTTP server did not start: $(tail -n 1 "$SCRATCH/http.log")"
base=http://127.0.0.1:$(cat "$SCRATCH/port")

# The viewer: a Chromium per format, driven through the DevTools protocol on a pipe
# (--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-terminated JSON), so it waits for what the page
# draws rather than for a fixed time. It polls the probe until every expected name is there
# (then screenshot) or speedscope gave up (an alert, an error), for at most 30 s.
cat >"$SCRATCH/view.py" <<'EOF'
import base64, fcntl, json, os, select, subprocess, sys, time
fmt, url, thread, out, scratch, shot_name = sys.argv[1:]
DEADLINE = 30

def fail(why):
    sys.exit(f"viewer: FAIL: {fmt}: {why}")

def high(fd):  # away from 3 and 4, which the child's dup2s write
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new

cmd_r, cmd_w = map(high, os.pipe())
ev_r, ev_w = map(high, os.pipe())
log = open(f"{scratch}/{fmt}.chromium.log", "w")
browser = subprocess.Popen(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
     "--enable-unsafe-swiftshader", f"--user-data-dir={scratch}/chromium-{fmt}", "--no-first-run",
     "--hide-scrollbars", "--remote-debugging-pipe", "about:blank"],
    stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False,
    preexec_fn=lambda: (os.dup2(cmd_r, 3), os.dup2(ev_w, 4)))
os.close(cmd_r)
os.close(ev_w)
pending, last_id = b"", 0

def call(method, params=None, session=None):
    global pending, last_id
    last_id += 1
    message = {"id": last_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(cmd_w, json.dumps(message).encode() + b"\0")
    give_up = time.monotonic() + DEADLINE
    while True:
        while b"\0" not in pending:
            left = give_up - time.monotonic()
            if left <= 0 or not select.select([ev_r], [], [], left)[0]:
                fail(f"chromium did not answer {method} in {DEADLINE} s")
            chunk = os.read(ev_r, 1 << 20)
            if not chunk:
                fail(f"chromium exited (during {method}): see its log, {scratch}/{fmt}.chromium.log")
            pending += chunk
        text, pending = pending.split(b"\0", 1)
        reply = json.loads(text)
        if reply.get("id") == last_id:
            if "error" in reply:
                fail(f"chromium refused {method}: {reply['error'].get('message')}")
            return reply["result"]

def evaluate(session, expression):
    return call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                session)["result"].get("value")

# judge(probe): (problems, finished): what is still missing, and whether speedscope gave up.
def judge(probe):
    drawn, logs, lines = probe["drawn"], probe["logs"], probe["text"].splitlines()
    gave_up = any(l.startswith(("alert: ", "error: ", "Failed to load")) for l in logs)
    if fmt == "firefox":
        refused = "alert: Unrecognized format! See documentation about supported formats." in logs
        imported = any(l.startswith("Importing as") for l in logs)
        return ([] if refused and not imported else ["speedscope did not refuse it"]), gave_up or imported
    problems = []
    def want(ok, what):
        if not ok:
            problems.append(what)
    want(IMPORTER[fmt] in logs, f'speedscope did not say "{IMPORTER[fmt]}"')
    if fmt == "speedscope":
        want(thread in lines, f'no "{thread}" title')  # the toolbar's title: the profile's name
        for name in FRAMES[fmt]:
            want(name in drawn, f'frame "{name}" not drawn')
    else:
        # speedscope titles a trace's thread "PROCESS (pid P), THREAD (tid T)" and names a slice
        # "NAME ARGS-AS-JSON".
        want(any(thread in l for l in lines), f'no title with "{thread}"')
        want(any(d == "getppid" or d.startswith("getppid {") for d in drawn), 'slice "getppid" not drawn')
    return problems, gave_up

IMPORTER = {"speedscope": "Importing as speedscope json file",
            "chrome": "Importing as Trace Event Format profile"}
FRAMES = {"speedscope": ["getppid", "stack_outer()", "stack_inner()"], "chrome": ["getppid"]}

try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Emulation.setDeviceMetricsOverride",
         {"width": 1600, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
    call("Page.navigate", {"url": url}, session)
    give_up = time.monotonic() + DEADLINE
    while True:
        text = evaluate(session, "(document.getElementById('viewer-probe') || {}).textContent || ''")
        probe = json.loads(text) if text else {"drawn": [], "logs": [], "text": ""}
        problems, finished = judge(probe)
        if not problems or finished or time.monotonic() > give_up:
            break
        time.sleep(0.25)
    with open(f"{out}/{fmt}.dom.html", "w", encoding="utf-8") as f:
        f.write(evaluate(session, "document.documentElement.outerHTML"))
    if fmt != "firefox":  # its page is speedscope's welcome page
        shot = call("Page.captureScreenshot", {"format": "png"}, session)["data"]
        with open(f"{out}/{fmt}.png", "wb") as f:
            f.write(base64.b64decode(shot))
    try:
        call("Browser.close")
    except SystemExit:
        pass
finally:
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
        browser.wait()

lines = probe["text"].splitlines()
said = "; ".join(l for l in probe["logs"] if not l.startswith(("speedscope v", "WebGL initialized")))
if problems:
    if fmt == "firefox":
        fail(f"speedscope no longer refuses the Gecko profile (it said: {said}): "
             "check the thread and frame names it shows")
    fail(", ".join(problems) + f" (after {DEADLINE} s at most; speedscope said: {said}; "
         f"page text: {' | '.join(lines)}; drawn: {probe['drawn']})")
if fmt == "firefox":
    print(f"viewer: NOT VIEWED: firefox: speedscope refuses Gecko profiles (it said: {said}), as "
          "expected: a viewer of the Firefox Profiler's format is not in this test")
else:
    title = next(l for l in lines if thread in l)
    print(f'viewer: ok: {fmt}: {IMPORTER[fmt][len("Importing as "):]}, titled "{title}", drew '
          f'{", ".join(FRAMES[fmt])} ({shot_name})')
EOF

failed=0
start=$(date +%s)
for format in speedscope chrome firefox; do
	rm -f "$OUT/$format.png" "$OUT/$format.dom.html"
	python3 "$SCRATCH/view.py" "$format" "$base/index.html#profileURL=${file[$format]}" "$thread" "$OUT" \
		"$SCRATCH" "${OUT#"$REPO"/}/$format.png" || failed=1
done
if [ $failed = 0 ]; then
	note "PASS: speedscope $SPEEDSCOPE_VERSION in $(chromium --version 2>/dev/null | head -n 1) ($(($(date +%s) - start)) s)"
else
	note "FAIL: the DOMs and screenshots are in $OUT"
fi
exit $failed
