#!/usr/bin/env bash
# Copy the collection's files into DEST (…/ansible_collections/makakoo/platform),
# which ansible-test, pytest-ansible and ansible-playbook need: a symlinked
# path does not work for ansible-test. Copies what git tracks plus new files
# that git does not ignore, so that uncommitted work is tested too.
set -euo pipefail
dest=$1
rm -rf "$dest"
mkdir -p "$dest"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | tar --null --files-from=- -cf - \
  | tar -xf - -C "$dest"
# ansible-test lists files through git. Without a repository of its own, it
# would find the enclosing checkout, where build/ is ignored, and test nothing.
git -C "$dest" init --quiet
