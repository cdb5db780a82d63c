#!/usr/bin/python3
# test-no-patient-data-on-disk-atspi.py: a whole session of each role in the
# real cpis-desktop, run under `strace -f`, writes nothing about a child to
# any file.
#
# Builds a hub of its own (a child with a plan and one without, with names,
# a date of birth and a postcode no file on this computer would hold), serves
# it on loopback (not traced: the hub's database is meant to hold them), and
# starts `cpis-desktop --hub URL` under strace, which logs every write(2)
# and its variants with the bytes written and the file each descriptor
# names. Driven through the accessibility tree, as a screen reader would:
#
# - a nurse checks both children, copies the LA's emergency duty number
#   (which must be all the clipboard holds), and signs out;
# - a social worker opens the notification the nurse's check raised,
#   accepts it, and signs out;
# - a partnership officer reads the area's figures, opens Export → CSV and
#   cancels it, and signs out; then the application quits.
#
# Then no write to a file, to standard output or to standard error (logs)
# may hold the children's NHS numbers (in any of the ways the application
# writes them), names, date of birth or postcode; and no file under the
# session's home or runtime folder may hold them either (GTK's recent files,
# caches, anything written through a mapping strace cannot see). Two
# controls show that the check can fail: strace run the same way on a shell
# that writes an NHS number to a file is caught, and the application's own
# socket writes (to the hub, to the accessibility bus) are seen carrying the
# NHS number.
#
# Run under tests/run-xvfb.sh; the script puts itself inside dbus-run-session
# and starts the accessibility bus. Needs CPIS_DESKTOP_BIN, CPIS_HUB_BIN and
# strace (build-aux/install-deps.sh installs it).

import glob
import os
import re
import shutil

TAP_PLAN = 7

# Synthetic NHS numbers (999 range, valid Modulus 11 check digits)
CHILD = "9991000003"
CHILD_WITHOUT = "9991000011"
GIVEN = "Rowenna"
FAMILY = "QUILLFEATHER"
GIVEN_WITHOUT = "Thaddeo"
FAMILY_WITHOUT = "MARROWCLIFFE"
BIRTH = "2016-04-01"
BIRTH_WITHOUT = "2017-09-12"
POSTCODE = "ZZ99 3VZ"

LA_CODE = "LA9"
LA_NAME = "Testshire Council"
LA_EMERGENCY = "07700 900999"
NURSE = "triage"
SOCIAL_WORKER = "duty-sw"
OFFICER = "officer"
PASSWORD = "amber-willow-lantern-17"

# first: it runs this script again inside a private D-Bus session
from cpis_atspi import *  # noqa: E402,F401,F403

import gi  # noqa: E402

gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, GObject, Gtk  # noqa: E402


def number_forms(number):
    """Every way the application writes an NHS number: digits, grouped with
    spaces, with no-break spaces (labels), with hyphens"""
    groups = (number[:3], number[3:6], number[6:])
    return [number, " ".join(groups), "\u00a0".join(groups), "-".join(groups)]


IDENTIFIERS = (number_forms(CHILD) + number_forms(CHILD_WITHOUT) +
               [GIVEN, FAMILY, FAMILY.title(), GIVEN_WITHOUT, FAMILY_WITHOUT,
                FAMILY_WITHOUT.title(), BIRTH, BIRTH_WITHOUT, "1 April 2016",
                "12 September 2017", POSTCODE])

# ---- What strace saw ------------------------------------------------------

WRITES = "write,pwrite64,writev,pwritev,pwritev2,sendto,sendmsg,sendmmsg"
# -xx: every string in hex, so that the bytes come back exactly; -y: the file
# a descriptor names, after it; -ff: one log per thread, so no line is split
CALL = re.compile(r'^(\w+)\((\d+)<((?:\\x[0-9a-f]{2})*)>, (.*)$')
STRING = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')


def strace_command(prefix):
    return ["strace", "-f", "-ff", "--seccomp-bpf", "-qq", "-y", "-xx", "-s", "1048576",
            "-e", "trace=" + WRITES, "-o", prefix]


def unhex(text):
    return bytes.fromhex(text.replace("\\x", ""))


def traced_writes(prefix):
    """(descriptor, what it names, bytes written) for every traced call"""
    for log in glob.glob(prefix + ".*"):
        with open(log, encoding="ascii", errors="replace") as f:
            for line in f:
                match = CALL.match(line)
                if match is None:
                    continue
                fd = int(match.group(2))
                target = unhex(match.group(3)).decode("utf-8", "replace")
                data = b"".join(unhex(s) for s in STRING.findall(match.group(4)))
                yield fd, target, data


def is_a_sink(fd, target):
    """A file, or standard output or error (logs): not a socket, a pipe or an
    event descriptor, and not /dev/null"""
    if fd in (1, 2):
        return True
    return target.startswith("/") and target != "/dev/null"


def identifiers_in(data):
    return [i for i in IDENTIFIERS if i.encode() in data]


def leaks(prefix):
    """{file: [identifiers]} over everything written to sinks, per file"""
    written = {}
    for fd, target, data in traced_writes(prefix):
        if is_a_sink(fd, target):
            key = target if target.startswith("/") else "descriptor %d (%s)" % (fd, target)
            written[key] = written.get(key, b"") + data
    return {path: found for path, data in written.items() if (found := identifiers_in(data))}


def socket_carries(prefix, text):
    return any(target.startswith("socket:") and text.encode() in data
               for fd, target, data in traced_writes(prefix))


def files_holding_identifiers(top):
    found = {}
    for folder, _, names in os.walk(top):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as f:
                    hits = identifiers_in(f.read())
            except OSError:
                continue
            if hits:
                found[path] = hits
    return found


# ---- The clipboard, as a clipboard manager reads it -------------------------

def clipboard_text():
    Gtk.init()
    clipboard = Gdk.Display.get_default().get_clipboard()
    loop = GLib.MainLoop()
    answer = {}

    def read(source, result):
        try:
            answer["text"] = source.read_text_finish(result)
        except GLib.Error as error:
            answer["error"] = error.message
        loop.quit()

    # the formats the owner offers arrive after the display opens
    def offered():
        context = GLib.MainContext.default()
        while context.pending():
            context.iteration(False)
        return clipboard.get_formats().contain_gtype(GObject.TYPE_STRING)

    wait_for("the clipboard to offer text", offered, timeout=10)
    clipboard.read_text_async(None, read)
    GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    if "text" not in answer:
        fail("the clipboard could not be read: %r" % answer.get("error"))
    return answer["text"]


# ---- Driving the window -----------------------------------------------------

def actions_of(acc):
    return [Atspi.Action.get_action_name(acc, i) for i in range(Atspi.Action.get_n_actions(acc))]


def activate_named(frame, name, roles):
    """Clicks the widget named @name; a menu button's name is on the button,
    its action on the toggle inside it"""
    widget = wait_for("%r" % name, lambda: find(frame, lambda a: role_of(a) in roles and
                                                   name_of(a) == name))
    if not actions_of(widget):
        inner = find(widget, lambda a: a != widget and "click" in actions_of(a))
        if inner is None:
            fail("%r has nothing to click" % name)
        widget = inner
    do_action(widget, "click")


def sign_out(frame):
    activate_named(frame, "Account menu", (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON))
    activate_named(frame, "Sign Out", (Atspi.Role.MENU_ITEM, Atspi.Role.PUSH_BUTTON))
    wait_for("the sign-in page, saying so", lambda: find_named(frame, "Signed out."))


def quit_application():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync("io.github.cpisdesktop.CpisDesktop", "/io/github/cpisdesktop/CpisDesktop",
                  "org.gtk.Actions", "Activate", GLib.Variant("(sava{sv})", ("quit", [], {})),
                  None, Gio.DBusCallFlags.NONE, 10000, None)


def main():
    n = 0

    def ok(description):
        nonlocal n
        n += 1
        tap("ok %d - %s" % (n, description))

    tap("1..%d" % TAP_PLAN)
    if shutil.which("strace") is None:
        fail("strace is needed (build-aux/install-deps.sh installs it: apt-get install strace)")

    # ---- The control: strace, run this way, catches a number in a file --
    control = os.path.join(TMP, "control")
    subprocess.run(strace_command(control) +
                   ["sh", "-c", "printf 'child %s\\n' > '%s'" % (CHILD, os.path.join(TMP, "c.txt"))],
                   check=True)
    caught = leaks(control)
    if list(caught.values()) != [[CHILD]]:
        fail("strace run as the test runs it does not catch a number written to a file: %r"
             % caught)
    ok("the control: an NHS number written to a file by a traced shell is caught")

    start_accessibility_bus()

    # ---- A hub of our own ------------------------------------------------
    db = os.path.join(TMP, "hub", "hub.db")
    os.makedirs(os.path.dirname(db))
    run_hub("org", "add", "--db", db, "--ods", LA_CODE, "--name", LA_NAME,
            "--kind", "local-authority", "--phone-office", "020 7946 0999",
            "--phone-emergency", LA_EMERGENCY, "--area", "Testshire")
    run_hub("org", "add", "--db", db, "--ods", "ED9", "--name", "Testshire General ED",
            "--kind", "unscheduled-care", "--area", "Testshire")
    run_hub("user", "add", "--db", db, "--username", NURSE, "--role", "clinician",
            "--org", "ED9", "--name", "Test Triage Nurse", stdin=PASSWORD + "\n")
    run_hub("user", "add", "--db", db, "--username", SOCIAL_WORKER, "--role", "social-worker",
            "--org", LA_CODE, "--name", "Test Duty Social Worker", stdin=PASSWORD + "\n")
    run_hub("user", "add", "--db", db, "--username", OFFICER, "--role", "partnership-officer",
            "--org", LA_CODE, "--name", "Test Partnership Officer", stdin=PASSWORD + "\n")
    patients = os.path.join(TMP, "hub", "patients.csv")
    with open(patients, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,gender,postcode\n")
        f.write("%s,%s,%s,%s,female,%s\n" % (CHILD, FAMILY, GIVEN, BIRTH, POSTCODE))
        f.write("%s,%s,%s,%s,male,%s\n" % (CHILD_WITHOUT, FAMILY_WITHOUT, GIVEN_WITHOUT,
                                            BIRTH_WITHOUT, POSTCODE))
    run_hub("import", "--db", db, "patients", patients)
    plans = os.path.join(TMP, "hub", "plans.csv")
    with open(plans, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                "end_date,due_date,la_ods_code\n")
        f.write("%s,%s,%s,%s,CPP,2025-01-02,,,%s\n" % (CHILD, FAMILY, GIVEN, BIRTH, LA_CODE))
    run_hub("import", "--db", db, "plans", plans)
    base_url = serve_hub(db)

    # ---- The application, traced -----------------------------------------
    trace = os.path.join(TMP, "trace", "app")
    os.makedirs(os.path.dirname(trace))
    frame = start_app(base_url, wrapper=strace_command(trace))
    traced = children[-1]

    # ---- The nurse --------------------------------------------------------
    sign_in(frame, NURSE, PASSWORD)
    entry = wait_for("the NHS number field", lambda: find_named(frame, "NHS number",
                                                                Atspi.Role.TEXT))
    set_text(entry, number_forms(CHILD)[1])
    wait_for("the entry to call the number valid",
             lambda: "Valid NHS number" in (entry.get_description() or ""))
    wait_for("the focus in the NHS number field",
             lambda: entry.get_state_set().contains(Atspi.StateType.FOCUSED))
    press_enter(entry)
    wait_for("the alert", lambda: find_named(frame, "Child protection plan", Atspi.Role.LABEL))
    wait_for("the child's name", lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                                              FAMILY in name_of(a)))
    activate_named(frame, "Copy %s\u2019s emergency number" % LA_NAME, (Atspi.Role.PUSH_BUTTON,))
    copied = clipboard_text()
    if copied != LA_EMERGENCY:
        fail("the clipboard holds %r, not the emergency duty number alone" % copied)
    set_text(entry, CHILD_WITHOUT)
    press_enter(entry)
    wait_for("the no-record page", lambda: find(frame, lambda a: name_of(a).startswith(
        "No CP-IS record for")))
    sign_out(frame)
    ok("a nurse's session: two children checked, the emergency number copied (the clipboard "
       "holds %s alone), signed out" % LA_EMERGENCY)

    # ---- The social worker ------------------------------------------------
    sign_in(frame, SOCIAL_WORKER, PASSWORD)
    cell = wait_for("the notification in the inbox",
                    lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                                 name_of(a) == number_forms(CHILD)[1]))
    click_with_mouse(cell)
    accept = wait_for("the Accept button", lambda: find_named(frame, "Accept",
                                                              Atspi.Role.PUSH_BUTTON))
    do_action(accept, "click")
    wait_for("the accepted notification",
             lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                          "Accepted." in name_of(a)))
    sign_out(frame)
    ok("a social worker's session: the notification opened and accepted, signed out")

    # ---- The partnership officer --------------------------------------------
    sign_in(frame, OFFICER, PASSWORD)
    wait_for("the area's figures", lambda: find_named(frame, "Attendances this period",
                                                      Atspi.Role.LABEL))
    activate_named(frame, "Export the figures", (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON))
    activate_named(frame, "Figures as CSV…", (Atspi.Role.MENU_ITEM, Atspi.Role.PUSH_BUTTON))
    chooser = wait_for("the file chooser", lambda: next(
        (f for f in toplevels() if "Export the Figures as CSV" in name_of(f)),
        None))
    set_frame(chooser)
    # (GTK 4.8 names it "_Cancel Cancel")
    cancel = wait_for("its Cancel button", lambda: find(chooser, lambda a: role_of(a) ==
                                                          Atspi.Role.PUSH_BUTTON and
                                                          name_of(a).endswith("Cancel"),
                                                          showing=False))
    do_action(cancel, "click")
    wait_for("the file chooser to close", lambda: not any(
        "Export the Figures as CSV" in name_of(f) for f in toplevels()))
    sign_out(frame)
    ok("a partnership officer's session: the figures, an export cancelled, signed out")

    quit_application()
    try:
        traced.wait(timeout=30)
    except subprocess.TimeoutExpired:
        fail("the application did not quit")
    ok("the application quit")

    # ---- What was written -------------------------------------------------
    if not socket_carries(trace, CHILD):
        fail("the trace holds no socket write with the NHS number: the application's writes "
             "were not seen, so the check below would prove nothing")
    written = sorted({target for fd, target, data in traced_writes(trace) if is_a_sink(fd, target)})
    tap("# the application wrote to: %s" % (", ".join(written) or "no file"))
    found = leaks(trace)
    if found:
        fail("patient data written outside the hub: %r" % found)
    ok("no file, log or terminal received a child's NHS number, name, date of birth or postcode "
       "(and the trace saw the number leave by socket)")

    found = {}
    for top in (os.environ["HOME"], os.environ["XDG_RUNTIME_DIR"]):
        found.update(files_holding_identifiers(top))
    if found:
        fail("files in the session's home or runtime folder hold patient data: %r" % found)
    recent = os.path.join(os.environ["XDG_DATA_HOME"], "recently-used.xbel")
    ok("nothing in the home or runtime folder holds patient data (recent files: %s)"
       % ("present, clean" if os.path.exists(recent) else "none"))

    if n != TAP_PLAN:
        fail("ran %d checks, planned %d" % (n, TAP_PLAN))


def toplevels():
    """Every window of cpis-desktop in the accessibility tree (GTK 4.8 gives
    a file chooser dialog the role "filler")"""
    windows = []
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and name_of(app) == "cpis-desktop":
            windows += [w for w in (app.get_child_at_index(j) for j in range(app.get_child_count()))
                        if w is not None]
    return windows


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
