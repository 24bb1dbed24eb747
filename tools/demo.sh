#!/usr/bin/env bash
# Run the demo: install the built collection, start the emulator with the
# sample platform state, run playbooks/demo.yml twice, stop the emulator.
# Usage: tools/demo.sh ARTIFACT   (the tarball from ansible-galaxy collection build)
set -euo pipefail
artifact=$1
root=$(pwd)
work=$root/build/demo
rm -rf "$work"
mkdir -p "$work/collections"

echo "== Installing $(basename "$artifact") into $work/collections"
# Set before the install too, or ansible-galaxy warns that the path is not used.
export ANSIBLE_COLLECTIONS_PATH=$work/collections
ansible-galaxy collection install --force -p "$work/collections" "$artifact" >/dev/null

# The demo talks only to the emulator on 127.0.0.1: the shell's MAKAKOO_*
# variables must not reach the modules, nor a shell proxy the loopback traffic.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^MAKAKOO_' || true)
export NO_PROXY=127.0.0.1,localhost,::1 no_proxy=127.0.0.1,localhost,::1

echo "== Starting the emulator with tests/emulator/seeds/sample.yml"
PYTHONPATH=$root/tests/emulator python -m makakoo_emulator \
  --seed "$root/tests/emulator/seeds/sample.yml" --info-file "$work/emulator.json" 2>"$work/emulator.log" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ -s "$work/emulator.json" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/emulator.json" ] || { echo "The emulator did not start within 10 seconds." >&2; cat "$work/emulator.log"; exit 1; }

read_info() { python -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/emulator.json" "$1"; }
# Credentials go to ansible-playbook through its environment, never on the command line.
MAKAKOO_API_URL=$(read_info api_url)
MAKAKOO_API_KEY=$(read_info api_key)
MAKAKOO_ACCESS_TOKEN=$(read_info access_token)
export MAKAKOO_API_URL MAKAKOO_API_KEY MAKAKOO_ACCESS_TOKEN
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
inventory=(-i "localhost," -e "ansible_connection=local ansible_python_interpreter=$(command -v python)")

run_pass() {
  echo "== $1"
  ansible-playbook "${inventory[@]}" "$root/playbooks/demo.yml" | tee "$work/$2.log"
}
run_pass "First run: converge the sample onboarding request" first
run_pass "Second run: nothing should change" second

changed=$(sed -n 's/^localhost *: .*changed=\([0-9]*\).*/\1/p' "$work/second.log")
echo "== Summary"
sed -n 's/^localhost *: /First run:  /p' "$work/first.log"
sed -n 's/^localhost *: /Second run: /p' "$work/second.log"
if [ "$changed" != "0" ]; then
  echo "The second run reported changed=$changed; it should report changed=0." >&2
  exit 1
fi
echo "The second run reported changed=0: the platform already matches the request."
