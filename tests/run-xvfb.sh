#!/bin/sh
# Runs a test on a private virtual X display (the GUI tests).
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$@"
