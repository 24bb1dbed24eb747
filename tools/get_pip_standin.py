# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the pip bootstrap script that ansible-test downloads.

ansible-test sanity bootstraps pip in each of its virtual environments by
running a get-pip.py fetched from a host that this project's machines cannot
reach. The Makefile installs this file in ansible-test's cache (as
~/.ansible/test/cache/get_pip_24_2.py) only when no script is there yet.
It installs the pip bundled with Python through ensurepip, then lets that pip
install the requested packages (for example pip==24.2) from the package index.
"""

import subprocess
import sys

# Options that only get-pip.py understands; pip itself would reject them.
GET_PIP_ONLY_OPTIONS = frozenset(["--no-setuptools", "--no-wheel"])


def main():
    # ensurepip sets PIP_CONFIG_FILE to os.devnull in its own process, which
    # would hide the machine's pip configuration (index, CA bundle) from the
    # install below, so it runs in a child process.
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    arguments = [argument for argument in sys.argv[1:] if argument not in GET_PIP_ONLY_OPTIONS]
    if arguments:
        subprocess.check_call([sys.executable, "-m", "pip", "install"] + arguments)


if __name__ == "__main__":
    main()
