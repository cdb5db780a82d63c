#!/usr/bin/python3
# cpis_atspi.py: what the end-to-end tests share. Imported first, it puts the
# test inside a private D-Bus session (with a private home and runtime
# folder) by running the test's script again under dbus-run-session; then it
# gives TAP output, waiting, the hub's command line, and walking and acting on
# the accessibility tree (AT-SPI), as a screen reader would.

import os
import subprocess
import sys
import tempfile
import time

TIMEOUT = 45.0

FRAME = None
TAP = sys.stdout


def tap(line):
    TAP.write(line + "\n")
    TAP.flush()


def set_frame(frame):
    """The window to dump when a test fails (CPIS_E2E_DUMP=1)."""
    global FRAME
    FRAME = frame
    return frame


def fail(message):
    tap("not ok - %s" % message)
    if FRAME is not None and os.environ.get("CPIS_E2E_DUMP"):
        dump(FRAME)
    tap("Bail out! %s" % message)
    sys.exit(1)


def dump(acc, depth=0):
    """The tree with names, descriptions and states, for when a test fails."""
    try:
        states = acc.get_state_set()
        flags = [s for s in ("VISIBLE", "SHOWING", "FOCUSED", "SENSITIVE")
                 if states.contains(getattr(Atspi.StateType, s))]
        tap("# %s%s %r %r %s" % ("  " * depth, acc.get_role_name(), acc.get_name(),
                                   acc.get_description(), flags))
        for i in range(acc.get_child_count()):
            dump(acc.get_child_at_index(i), depth + 1)
    except GLib.Error:
        pass


# ---- 1. A private session bus with the accessibility bus on it ----------

if os.environ.get("CPIS_E2E_INSIDE_DBUS") != "1":
    # a private home, so that nothing the session starts (the keyring the
    # application asks for) touches the real one
    top = tempfile.mkdtemp(prefix="cpis-e2e-")
    home = os.path.join(top, "home")
    os.makedirs(home)
    env = dict(os.environ, CPIS_E2E_INSIDE_DBUS="1", CPIS_E2E_TMP=top, HOME=home,
               XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"),
               XDG_RUNTIME_DIR=os.path.join(top, "run"))
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
    # TAP goes to the original standard output; everything the session
    # starts (bus daemons, the keyring) writes its chatter to standard error
    tap_fd = os.dup(1)
    os.set_inheritable(tap_fd, True)
    os.dup2(2, 1)
    env["CPIS_E2E_TAP_FD"] = str(tap_fd)
    os.execvpe("dbus-run-session",
               ["dbus-run-session", "--", sys.executable, os.path.abspath(sys.argv[0])] + sys.argv[1:],
               env)

import shutil  # noqa: E402
import warnings  # noqa: E402

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
gi.require_version("Gio", "2.0")
from gi.repository import Atspi, Gio, GLib  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)

TAP = os.fdopen(int(os.environ["CPIS_E2E_TAP_FD"]), "w")

children = []
TMP = os.environ["CPIS_E2E_TMP"]


def cleanup():
    for proc in reversed(children):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    shutil.rmtree(TMP, ignore_errors=True)


def bus_has_name(name):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          GLib.Variant("(s)", (name,)), GLib.VariantType("(b)"),
                          Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def wait_for(what, func, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = func()
        except GLib.Error:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            fail("timed out waiting for %s" % what)
        time.sleep(0.1)


def run_hub(*args, stdin=None):
    hub_bin = os.environ["CPIS_HUB_BIN"]
    result = subprocess.run([hub_bin] + list(args), input=stdin, capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        fail("cpis-hub %s failed: %s %s" % (" ".join(args[:2]), result.stdout, result.stderr))
    return result.stdout


# ---- 2. Walking the accessibility tree ----------------------------------

def name_of(acc):
    try:
        return acc.get_name() or ""
    except GLib.Error:
        return ""


def role_of(acc):
    try:
        return acc.get_role()
    except GLib.Error:
        return None


def is_visible(acc):
    # GTK 4.8 sets SHOWING on windows only; a widget hidden from assistive
    # technologies (a hidden widget, or a stack page not on screen, which the
    # clinician view marks hidden) lacks VISIBLE
    try:
        return acc.get_state_set().contains(Atspi.StateType.VISIBLE)
    except GLib.Error:
        return False


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


def showing_ancestry(acc):
    """Whether @acc and every ancestor up to the frame is visible."""
    node = acc
    while node is not None and role_of(node) != Atspi.Role.FRAME:
        if not is_visible(node):
            return False
        try:
            node = node.get_parent()
        except GLib.Error:
            return False
    return node is not None


def find(root, pred, showing=True):
    for acc in walk(root):
        if pred(acc) and (not showing or showing_ancestry(acc)):
            return acc
    return None


def find_named(root, text, role=None, showing=True):
    def pred(acc):
        if role is not None and role_of(acc) != role:
            return False
        return text in name_of(acc)
    return find(root, pred, showing)


def shown_texts(root):
    """Every label showing on screen, by its accessible name (its text)."""
    return [name_of(acc) for acc in walk(root)
            if role_of(acc) == Atspi.Role.LABEL and showing_ancestry(acc)]


def do_action(acc, wanted):
    n = Atspi.Action.get_n_actions(acc)
    names = [Atspi.Action.get_action_name(acc, i) for i in range(n)]
    if wanted not in names:
        fail("%r has no action %r (it has %r)" % (name_of(acc), wanted, names))
    Atspi.Action.do_action(acc, names.index(wanted))


def set_text(acc, text):
    if not Atspi.EditableText.set_text_contents(acc, text):
        fail("could not set the text of %r" % name_of(acc))


def text_of(acc):
    """The whole text of @acc (GTK 4.8 reads an end offset of -1 as nothing)"""
    return Atspi.Text.get_text(acc, 0, Atspi.Text.get_character_count(acc))


def press_enter(entry):
    """Enter, as the keyboard (or a barcode scanner) sends it: through the X
    server to the focused widget. (GTK 4.8's "activate" action on an entry
    does not emit the entry's activate signal.)"""
    if not entry.get_state_set().contains(Atspi.StateType.FOCUSED):
        fail("the NHS number field does not have the focus")
    Atspi.generate_keyboard_event(0xff0d, None, Atspi.KeySynthType.SYM)  # XK_Return


def click_with_mouse(acc):
    """A click of the pointer on the middle of @acc, through the X server.
    (There is no window manager: the window is at the screen's origin, where
    GTK 4.8 counts its widgets' extents from.)"""
    extents = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
    if extents.width <= 0 or extents.height <= 0:
        fail("%r is not on screen" % name_of(acc))
    Atspi.generate_mouse_event(extents.x + extents.width // 2, extents.y + extents.height // 2, "b1c")


def find_frames():
    """Every window of cpis-desktop in the accessibility tree"""
    frames = []
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and name_of(app) == "cpis-desktop":
            for j in range(app.get_child_count()):
                frame = app.get_child_at_index(j)
                if frame is not None and role_of(frame) == Atspi.Role.FRAME:
                    frames.append(frame)
    return frames


def find_app():
    frames = find_frames()
    return frames[0] if frames else None




# ---- The parts of a run ---------------------------------------------------

def start_accessibility_bus():
    """The accessibility bus, as a desktop session would have it."""
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    children.append(launcher)
    wait_for("the accessibility bus", lambda: bus_has_name("org.a11y.Bus"))


def serve_hub(db):
    """`cpis-hub serve` on @db, on a free loopback port: its base URL."""
    hub = subprocess.Popen([os.environ["CPIS_HUB_BIN"], "serve", "--db", db,
                            "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, text=True)
    children.append(hub)
    base_url = hub.stdout.readline().strip()
    if not base_url.startswith("http://127.0.0.1:"):
        fail("the hub did not print its base URL (%r)" % base_url)
    return base_url


def start_app(base_url, wrapper=()):
    """The real cpis-desktop against @base_url, with accessibility on: its
    window in the tree (also the one dumped when a test fails). @wrapper: a
    command it runs under (strace …)."""
    app_env = dict(os.environ,
                   GSETTINGS_BACKEND="memory",
                   GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"),
                   ADW_DISABLE_PORTAL="1",
                   NO_AT_BRIDGE="0")
    app_env.pop("GTK_A11Y", None)
    app = subprocess.Popen(list(wrapper) + [os.environ["CPIS_DESKTOP_BIN"], "--hub", base_url],
                           env=app_env)
    children.append(app)
    return set_frame(wait_for("the cpis-desktop window in the accessibility tree", find_app))


def sign_in(frame, username, password):
    """Signs in on the sign-in page, through the tree."""
    user_entry = wait_for("the User name field",
                          lambda: find_named(frame, "User name", Atspi.Role.TEXT))
    password_entry = find_named(frame, "Password", Atspi.Role.TEXT)
    if password_entry is None:
        fail("no Password field")
    set_text(user_entry, username)
    set_text(password_entry, password)
    button = find(frame, lambda a: role_of(a) == Atspi.Role.PUSH_BUTTON and
                  name_of(a).startswith("Sign in"))
    if button is None:
        fail("no Sign in button")
    do_action(button, "click")
