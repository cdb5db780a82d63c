#!/usr/bin/python3
# cpis-test-atspi.py: what a screen reader meets, for a GUI test in C
#
# The test runs its windows in its own process and calls this script while it
# keeps its main loop turning, so that GTK can answer over the accessibility
# bus (the test's own, in a private D-Bus session inside the X server):
#
#   cpis-test-atspi.py tree PID WINDOW-NAME
#       prints, as JSON, the accessible tree of the window called
#       WINDOW-NAME of the application with process id PID: a list of
#       {"depth", "role", "name", "description", "states"} in tree order
#   cpis-test-atspi.py keys KEYSYM…
#       presses and releases each key (an X keysym, e.g. 0xff0d for Return)
#       through the AT-SPI registry and the X server, as a keyboard does;
#       "ctrl+0x66" holds Control for the key
#
# Needs /usr/bin/python3 with gi and Atspi (python3-gi, gir1.2-atspi-2.0).

import json
import sys
import time
import warnings

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)

TIMEOUT = 20.0
CONTROL_MASK = 1 << 2
STATES = ("VISIBLE", "SHOWING", "FOCUSABLE", "FOCUSED", "SENSITIVE", "ENABLED", "MODAL")


def safe(func, default):
    try:
        value = func()
    except GLib.Error:
        return default
    return default if value is None else value


def find_window(pid, name):
    desktop = Atspi.get_desktop(0)
    for i in range(safe(desktop.get_child_count, 0)):
        app = safe(lambda: desktop.get_child_at_index(i), None)
        if app is None or safe(app.get_process_id, -1) != pid:
            continue
        for j in range(safe(app.get_child_count, 0)):
            window = safe(lambda: app.get_child_at_index(j), None)
            if window is not None and safe(window.get_name, "") == name:
                return window
    return None


def walk(acc, depth, out):
    states = safe(acc.get_state_set, None)
    out.append({
        "depth": depth,
        "role": safe(acc.get_role_name, ""),
        "name": safe(acc.get_name, ""),
        "description": safe(acc.get_description, ""),
        "states": [s.lower() for s in STATES
                   if states is not None and states.contains(getattr(Atspi.StateType, s))],
    })
    if depth > 60:
        return
    for i in range(safe(acc.get_child_count, 0)):
        child = safe(lambda: acc.get_child_at_index(i), None)
        if child is not None:
            walk(child, depth + 1, out)


def tree(pid, name):
    deadline = time.monotonic() + TIMEOUT
    window = None
    while window is None:
        window = find_window(pid, name)
        if window is None:
            if time.monotonic() > deadline:
                sys.exit("cpis-test-atspi: no window %r of process %d in the tree" % (name, pid))
            time.sleep(0.1)
    out = []
    walk(window, 0, out)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def key(spec):
    ctrl = spec.startswith("ctrl+")
    keysym = int(spec[5:] if ctrl else spec, 0)
    if ctrl:
        Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    finally:
        if ctrl:
            Atspi.generate_keyboard_event(CONTROL_MASK, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "tree":
        tree(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "keys":
        for spec in sys.argv[2:]:
            key(spec)
    else:
        sys.exit(__doc__ if __doc__ else "usage: cpis-test-atspi.py tree PID NAME | keys KEYSYM…")


if __name__ == "__main__":
    main()
