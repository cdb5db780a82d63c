#!/usr/bin/python3
# take-screenshots.py: the pictures in docs/screenshots, taken of the real
# application with its embedded demo hub (synthetic data only)
#
#   tests/run-xvfb.sh /usr/bin/python3 build-aux/take-screenshots.py [OUT-DIR]
#
# (after meson compile -C build). Starts cpis-desktop --demo in a private
# D-Bus session with the accessibility bus, signs in with the demo nurse,
# checks one demo child of each kind through the accessibility tree, then
# locks, signs in with the demo social worker and opens the inbox, a
# notification, the plans and the upload exceptions, then the demo
# partnership officer's dashboard (exported as a PDF report, whose first
# page it draws with poppler's pdftoppm), and the dashboard again in the
# dark style, and saves the X screen (ImageMagick's import) for each. A tool, not a test: it
# asserts nothing, and says which step it could not reach.

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
BUILD = os.path.join(TOP, "build")

if os.environ.get("CPIS_SHOTS_INSIDE_DBUS") != "1":
    home = tempfile.mkdtemp(prefix="cpis-shots-")
    env = dict(os.environ, CPIS_SHOTS_INSIDE_DBUS="1", HOME=home,
               XDG_RUNTIME_DIR=os.path.join(home, "run"),
               XDG_CONFIG_HOME=os.path.join(home, "config"),
               XDG_DATA_HOME=os.path.join(home, "data"))
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
    os.execvpe("dbus-run-session", ["dbus-run-session", "--", sys.executable,
                                    os.path.abspath(__file__)] + sys.argv[1:], env)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "docs", "screenshots"))
children = []


def say(text):
    print("take-screenshots: " + text, flush=True)


def wait_for(what, func, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = func()
        except GLib.Error:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for " + what)


def name_of(acc):
    try:
        return acc.get_name() or ""
    except GLib.Error:
        return ""


def walk(acc, depth=0):
    yield acc
    if depth > 60:
        return
    try:
        n = acc.get_child_count()
    except GLib.Error:
        return
    for i in range(n):
        try:
            child = acc.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def visible(acc):
    node = acc
    while node is not None and node.get_role() != Atspi.Role.FRAME:
        try:
            if not node.get_state_set().contains(Atspi.StateType.VISIBLE):
                return False
            node = node.get_parent()
        except GLib.Error:
            return False
    return node is not None


def find(frame, pred):
    for acc in walk(frame):
        if pred(acc) and visible(acc):
            return acc
    return None


def click(acc):
    n = Atspi.Action.get_n_actions(acc)
    names = [Atspi.Action.get_action_name(acc, i) for i in range(n)]
    Atspi.Action.do_action(acc, names.index("click"))


def shot(name):
    # the pointer out of the way (no tooltip in the picture), and the frame
    # settled (spinners stop, the history arrives)
    Atspi.generate_mouse_event(1099, 759, "abs")
    time.sleep(1.0)
    path = os.path.join(OUT, name + ".png")
    subprocess.run(["import", "-window", "root", "-crop", "1100x760+0+0", "+repage", path],
                   check=True)
    say("saved " + path)


def main():
    os.makedirs(OUT, exist_ok=True)
    children.append(subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"]))
    app = subprocess.Popen([os.path.join(BUILD, "src", "app", "cpis-desktop"), "--demo"],
                           env=app_env(), stdout=subprocess.DEVNULL)
    children.append(app)
    frame = wait_for("the window", find_frame)
    use = wait_for("the demo nurse", lambda: find(frame, lambda a: name_of(a) == "Use demo account nurse"))
    shot("sign-in")
    click(use)
    sign_in = find(frame, lambda a: a.get_role() == Atspi.Role.PUSH_BUTTON and name_of(a).startswith("Sign in"))
    click(sign_in)
    wait_for("the ready page", lambda: find(frame, lambda a: ", demo: " in name_of(a)))
    shot("clinician-ready-demo")

    kinds = [
        ("a child with a child protection plan", "clinician-found"),
        ("a child with an ended plan and an active one", "clinician-active-over-ended"),
        ("a child whose only plan has ended", "clinician-ended-only"),
        ("an expectant mother whose unborn child plan is past its due date", "clinician-ucpp-past-due"),
        ("a child with a plan uploaded under another name", "clinician-name-differs"),
        ("a child with a plan and a restricted demographics record", "clinician-restricted"),
        ("a child whose NHS number has been replaced", "clinician-superseded"),
        ("a child with no record", "clinician-no-record"),
    ]
    for kind, name in kinds:
        entry = find(frame, lambda a: name_of(a) == "NHS number" and a.get_role() == Atspi.Role.TEXT)
        if entry is not None:
            Atspi.EditableText.set_text_contents(entry, "")
        button = wait_for("the demo example " + kind,
                          lambda: find(frame, lambda a: name_of(a).endswith("demo: " + kind)))
        click(button)
        wait_for("the answer", lambda: find(frame, lambda a: name_of(a) == "Patient"))
        shot(name)

    social_worker(frame)
    partnership(frame)
    app.terminate()
    app.wait(timeout=10)
    dark_partnership()


def app_env():
    env = dict(os.environ,
               GSETTINGS_SCHEMA_DIR=os.path.join(BUILD, "data"),
               GSETTINGS_BACKEND="memory", GSK_RENDERER="cairo", ADW_DISABLE_PORTAL="1",
               NO_AT_BRIDGE="0")
    env.pop("GTK_A11Y", None)
    return env


def find_frame():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and name_of(app) == "cpis-desktop":
            for j in range(app.get_child_count()):
                frame = app.get_child_at_index(j)
                if frame is not None and frame.get_role() == Atspi.Role.FRAME:
                    return frame
    return None


def press(keycodes):
    """A key with its modifiers, through the X server (X keycodes of Xvfb's
    keymap: modifiers held by keycode, as a keysym press does not hold them)"""
    for code in keycodes[:-1]:
        Atspi.generate_keyboard_event(code, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(keycodes[-1], None, Atspi.KeySynthType.PRESSRELEASE)
    for code in reversed(keycodes[:-1]):
        Atspi.generate_keyboard_event(code, None, Atspi.KeySynthType.RELEASE)


def click_on(acc):
    """The pointer's click on the middle of @acc (no window manager: the window is at 0,0)"""
    extents = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
    Atspi.generate_mouse_event(extents.x + extents.width // 2, extents.y + extents.height // 2, "b1c")


def social_worker(frame):
    """The demo social worker's inbox (with the nurse's checks above in it, live), one
    notification opened, the plans, and the upload exceptions"""
    press([37, 50, 46])  # Control_L, Shift_L, l: lock
    use = wait_for("the demo social worker",
                   lambda: find(frame, lambda a: name_of(a) == "Use demo account socialworker"))
    click(use)
    sign_in = find(frame, lambda a: a.get_role() == Atspi.Role.PUSH_BUTTON and name_of(a).startswith("Sign in"))
    click(sign_in)
    wait_for("the live inbox", lambda: find(frame, lambda a: a.get_role() == Atspi.Role.LABEL and name_of(a) == "Live"))
    shot("social-worker-inbox")

    row = wait_for("a new notification", lambda: find(frame, lambda a: a.get_role() == Atspi.Role.LABEL and
                                                     name_of(a).startswith("Today ")))
    click_on(row)
    wait_for("the child's plans", lambda: find(frame, lambda a: name_of(a).startswith("CP-IS alert")))
    shot("social-worker-notification")
    press([64, 113])  # Alt_L, Left: back to the inbox

    plans = wait_for("the plans", lambda: find(frame, lambda a: a.get_role() == Atspi.Role.LIST_ITEM and
                                               name_of(a) == "Plans"))
    click_on(plans)
    wait_for("the plans list", lambda: find(frame, lambda a: name_of(a).endswith(" plans")))
    shot("social-worker-plans")

    exceptions = find(frame, lambda a: a.get_role() == Atspi.Role.LIST_ITEM and
                      name_of(a).startswith("Upload Exceptions"))
    click_on(exceptions)
    wait_for("the exceptions", lambda: find(frame, lambda a: "Upload Exceptions" in name_of(a) and
                                            a.get_role() == Atspi.Role.LABEL))
    shot("social-worker-exceptions")


def partnership(frame):
    """The demo partnership officer's dashboard: the area's last 12 months"""
    press([37, 50, 46])  # Control_L, Shift_L, l: lock
    sign_in_as_officer(frame)
    shot("partnership-dashboard")
    export_report(frame)


def sign_in_as_officer(frame):
    """The demo partnership officer signed in from the sign-in page, the figures shown"""
    use = wait_for("the demo partnership officer",
                   lambda: find(frame, lambda a: name_of(a) == "Use demo account partnership"))
    click(use)
    sign_in = find(frame, lambda a: a.get_role() == Atspi.Role.PUSH_BUTTON and name_of(a).startswith("Sign in"))
    click(sign_in)
    wait_for("the area's figures", lambda: find(frame, lambda a: name_of(a).startswith("Local authorities live: ")
                                                and "…" not in name_of(a)))


def export_report(frame):
    """The dashboard exported as a PDF report through the Export menu and the
    file chooser, and its first page as a picture (poppler's pdftoppm)"""
    export = find(frame, lambda a: name_of(a) == "Export the figures")
    click_on(export)
    item = wait_for("the PDF item", lambda: find_anywhere(lambda a: name_of(a) == "Report as PDF…"))
    click(item)
    wait_for("the file chooser's name", lambda: find_anywhere(
        lambda a: a.get_role() == Atspi.Role.TEXT and name_of(a) == "Name:"))
    time.sleep(0.5)
    with tempfile.TemporaryDirectory() as folder:
        pdf = os.path.join(folder, "report.pdf")
        # the suggested name is selected in the focused field, but for its
        # ".pdf": typed over, as a user would
        Atspi.generate_keyboard_event(0, pdf[:-len(".pdf")], Atspi.KeySynthType.STRING)
        time.sleep(0.5)
        press([36])  # Return
        wait_for("the report saved", lambda: find(frame, lambda a: name_of(a) == "Saved “report.pdf”."
                                                  or "Saved “report.pdf”." in label_text(a)))
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdf,
                        os.path.join(OUT, "partnership-report-page-1")], check=True)
        say("saved " + os.path.join(OUT, "partnership-report-page-1.png"))


def label_text(acc):
    try:
        return Atspi.Text.get_text(acc, 0, -1) or ""
    except (GLib.Error, NotImplementedError, TypeError):
        return ""


def find_anywhere(pred):
    """@pred's first visible match in any of the application's windows (a menu, a dialog)"""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is None or name_of(app) != "cpis-desktop":
            continue
        for acc in walk(app):
            if pred(acc):
                return acc
    return None


def dark_partnership():
    """The officer's dashboard again, in the dark style"""
    env = app_env()
    env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    app = subprocess.Popen([os.path.join(BUILD, "src", "app", "cpis-desktop"), "--demo"], env=env,
                           stdout=subprocess.DEVNULL)
    children.append(app)
    frame = wait_for("the window", find_frame)
    sign_in_as_officer(frame)
    shot("partnership-dashboard-dark")


if __name__ == "__main__":
    try:
        main()
    finally:
        for proc in reversed(children):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
