#!/usr/bin/python3
# test-single-instance-atspi.py: one cpis-desktop per desktop session, as a
# GNOME application is: a second launch presents the first's window and
# leaves, rather than open a second window with a second sign-in (on a
# shared ward computer, two windows signed in as two people invite checking
# a child as the wrong user).
#
# Starts `cpis-desktop --hub URL` against a hub of its own, signs in through
# the accessibility tree, launches cpis-desktop again and checks that the
# second process exits at once with success, that the first still has one
# window, still signed in, and that a `--check` run meanwhile (no window)
# does not touch it. Run under tests/run-xvfb.sh; the script puts itself
# inside dbus-run-session. Needs CPIS_DESKTOP_BIN and CPIS_HUB_BIN.

import os
import subprocess

TAP_PLAN = 3

USER = "triage"
PASSWORD = "amber-willow-lantern-17"
CHILD = "9991000011"  # synthetic, valid check digit, no record

# first: it runs this script again inside a private D-Bus session
from cpis_atspi import *  # noqa: E402,F401,F403


def main():
    n = 0

    def ok(description):
        nonlocal n
        n += 1
        tap("ok %d - %s" % (n, description))

    tap("1..%d" % TAP_PLAN)
    start_accessibility_bus()

    db = os.path.join(TMP, "hub.db")
    run_hub("org", "add", "--db", db, "--ods", "ED9", "--name", "Testshire General ED",
            "--kind", "unscheduled-care", "--area", "Testshire")
    run_hub("user", "add", "--db", db, "--username", USER, "--role", "clinician",
            "--org", "ED9", "--name", "Test Triage Nurse", stdin=PASSWORD + "\n")
    base_url = serve_hub(db)

    frame = start_app(base_url)
    sign_in(frame, USER, PASSWORD)
    wait_for("the clinician view", lambda: find_named(frame, "NHS number", Atspi.Role.TEXT))
    ok("the first cpis-desktop is signed in")

    env = dict(os.environ, GSETTINGS_BACKEND="memory", ADW_DISABLE_PORTAL="1")
    env.pop("GTK_A11Y", None)
    try:
        second = subprocess.run([os.environ["CPIS_DESKTOP_BIN"], "--hub", base_url], env=env,
                                timeout=30, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        fail("a second cpis-desktop did not leave: it opened a window of its own")
    if second.returncode != 0:
        fail("the second cpis-desktop failed (%d): %s" % (second.returncode, second.stderr))
    if len(find_frames()) != 1:
        fail("there are %d windows after a second launch, not the first one alone" % len(find_frames()))
    if find_named(frame, "NHS number", Atspi.Role.TEXT) is None:
        fail("the first window is no longer signed in after a second launch")
    ok("a second launch presents the first window and leaves")

    checked = subprocess.run([os.environ["CPIS_DESKTOP_BIN"], "--check", CHILD, "--hub", base_url,
                              "--user", USER], env=env, input=PASSWORD + "\n", timeout=60,
                             capture_output=True, text=True)
    if checked.returncode != 1 or not checked.stdout.startswith("NO RECORD"):
        fail("--check beside the window did not answer no record (%d): %s %s"
             % (checked.returncode, checked.stdout, checked.stderr))
    if len(find_frames()) != 1:
        fail("--check opened or closed a window")
    ok("--check runs beside the window without touching it")


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
