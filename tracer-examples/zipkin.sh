#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs a real Zipkin server on this machine, to look at the examples' traces in its UI.
#
#   tracer-examples/zipkin.sh start    fetch the server through Maven (once), start it, wait until healthy
#   tracer-examples/zipkin.sh status   say whether it runs
#   tracer-examples/zipkin.sh stop     stop it
#
# The server listens on 127.0.0.1 only (port 9411, or ZIPKIN_PORT), keeps spans in memory, and
# writes its log and PID file to tracer-examples/target/zipkin/. Works from any folder.
set -euo pipefail

examples_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "${examples_dir}/.." && pwd)"
work_dir="${examples_dir}/target/zipkin"
pid_file="${work_dir}/zipkin.pid"
log_file="${work_dir}/zipkin.log"
host=127.0.0.1
port="${ZIPKIN_PORT:-9411}"
base_url="http://${host}:${port}"

# The same server version the exporter tests run against.
version="$(sed -n 's:.*<zipkin-server.version>\(.*\)</zipkin-server.version>.*:\1:p' \
  "${root_dir}/pom.xml" | head -n 1)"
jar="${work_dir}/zipkin-server-${version}-exec.jar"

die() {
  echo "zipkin.sh: $*" >&2
  exit 1
}

# The PID from the PID file if that process still runs, else nothing.
running_pid() {
  [[ -f "${pid_file}" ]] || return 0
  local pid
  pid="$(cat "${pid_file}")"
  if [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null; then
    echo "${pid}"
  fi
}

healthy() {
  curl -fsS --max-time 2 "${base_url}/health" >/dev/null 2>&1
}

fetch() {
  [[ -f "${jar}" ]] && return 0
  [[ -n "${version}" ]] || die "no <zipkin-server.version> in ${root_dir}/pom.xml"
  echo "Fetching the Zipkin server ${version} through Maven ..."
  mvn -B -q -Dstyle.color=never -N -f "${root_dir}/pom.xml" dependency:copy \
    "-Dartifact=io.zipkin:zipkin-server:${version}:jar:exec" \
    "-DoutputDirectory=${work_dir}"
  [[ -f "${jar}" ]] || die "Maven did not produce ${jar}"
}

start() {
  local pid
  pid="$(running_pid)"
  if [[ -n "${pid}" ]]; then
    echo "Zipkin already runs (PID ${pid}): ${base_url}/zipkin/"
    return 0
  fi
  if healthy; then
    die "something else already answers on ${base_url}; stop it or set ZIPKIN_PORT"
  fi
  mkdir -p "${work_dir}"
  fetch
  echo "Starting Zipkin on ${base_url} (log: ${log_file}) ..."
  STORAGE_TYPE=mem nohup java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -jar "${jar}" \
    "--armeria.ports[0].ip=${host}" \
    "--armeria.ports[0].port=${port}" \
    "--armeria.ports[0].protocols[0]=http" \
    >"${log_file}" 2>&1 </dev/null &
  pid=$!
  echo "${pid}" >"${pid_file}"
  local waited=0
  until healthy; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f "${pid_file}"
      tail -n 20 "${log_file}" >&2 || true
      die "Zipkin exited during startup; see ${log_file}"
    fi
    if ((waited >= 120)); then
      kill "${pid}" 2>/dev/null || true
      rm -f "${pid_file}"
      die "Zipkin not healthy after ${waited} s; see ${log_file}"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "Zipkin is up (PID ${pid}): UI ${base_url}/zipkin/, spans to ${base_url}/api/v2/spans"
}

stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "${pid}" ]]; then
    rm -f "${pid_file}"
    echo "Zipkin is not running."
    return 0
  fi
  kill "${pid}"
  local waited=0
  while kill -0 "${pid}" 2>/dev/null; do
    if ((waited >= 40)); then
      echo "Zipkin (PID ${pid}) did not stop within 20 s; killing it."
      kill -9 "${pid}" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "${pid_file}"
  echo "Zipkin stopped (PID ${pid})."
}

status() {
  local pid
  pid="$(running_pid)"
  if [[ -z "${pid}" ]]; then
    echo "Zipkin is not running."
    return 3
  fi
  if healthy; then
    echo "Zipkin runs (PID ${pid}) and is healthy: ${base_url}/zipkin/"
  else
    echo "Zipkin runs (PID ${pid}) but ${base_url}/health does not answer yet."
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
