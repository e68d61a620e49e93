# The README's commands for a fresh Debian machine, with stub apt-get/sudo.
TESTS += tests/readme.sh
EXTRA_DIST += tests/readme.sh
