# Files lost or clobbered (issue 10): the real binary headless (files.sh)
# and in the screen under tmux (files_ui.sh, skipped without tmux).
TESTS += tests/files.sh tests/files_ui.sh
EXTRA_DIST += tests/files.sh tests/files_ui.sh
