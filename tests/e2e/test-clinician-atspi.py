#!/usr/bin/python3
# test-clinician-atspi.py: the real cpis-desktop driven from outside the
# process through the accessibility tree (AT-SPI), as a screen reader would.
#
# Builds a hub of its own with the real cpis-hub command line (organisations,
# a clinician, demographics and a plan imported as an LA uploads them), serves
# it on loopback, starts `cpis-desktop --hub URL`, signs in, checks a child
# with a plan and reads the alert and the local authority's emergency duty
# number from the tree, then checks a child without a record and reads the
# calm no-record text. Everything is synthetic and lives in a temporary folder.
#
# Run under tests/run-xvfb.sh; the script puts itself inside dbus-run-session
# and starts the accessibility bus. Needs CPIS_DESKTOP_BIN and CPIS_HUB_BIN.

import os

TAP_PLAN = 8

# Synthetic NHS numbers (999 range, valid Modulus 11 check digits)
CHILD_WITH_PLAN = "9991000003"
CHILD_WITH_PLAN_TYPED = "999 100 0003"
CHILD_WITHOUT = "9991000011"
CHILD_WITHOUT_TYPED = "999 100 0011"
# as labels show them: no-break spaces, so that a number never splits
CHILD_WITH_PLAN_SHOWN = CHILD_WITH_PLAN_TYPED.replace(" ", "\u00a0")
CHILD_WITHOUT_SHOWN = CHILD_WITHOUT_TYPED.replace(" ", "\u00a0")

LA_CODE = "LA9"
LA_NAME = "Testshire Council"
LA_OFFICE = "020 7946 0999"
LA_EMERGENCY = "07700 900999"
USER = "triage"
PASSWORD = "amber-willow-lantern-17"

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

    # ---- 3. A hub of our own: deterministic synthetic data --------------
    db = os.path.join(TMP, "hub.db")
    run_hub("org", "add", "--db", db, "--ods", LA_CODE, "--name", LA_NAME,
            "--kind", "local-authority", "--phone-office", LA_OFFICE,
            "--phone-emergency", LA_EMERGENCY, "--area", "Testshire")
    run_hub("org", "add", "--db", db, "--ods", "ED9", "--name", "Testshire General ED",
            "--kind", "unscheduled-care", "--area", "Testshire")
    run_hub("user", "add", "--db", db, "--username", USER, "--role", "clinician",
            "--org", "ED9", "--name", "Test Triage Nurse", stdin=PASSWORD + "\n")
    patients = os.path.join(TMP, "patients.csv")
    with open(patients, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,gender,postcode\n")
        f.write("%s,TESTER,Alex,2016-04-01,female,ZZ99 3VZ\n" % CHILD_WITH_PLAN)
        f.write("%s,SAMPLE,Sam,2017-09-12,male,ZZ99 3VZ\n" % CHILD_WITHOUT)
    run_hub("import", "--db", db, "patients", patients)
    plans = os.path.join(TMP, "plans.csv")
    with open(plans, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                "end_date,due_date,la_ods_code\n")
        f.write("%s,TESTER,Alex,2016-04-01,CPP,2025-01-02,,,%s\n" % (CHILD_WITH_PLAN, LA_CODE))
    run_hub("import", "--db", db, "plans", plans)

    base_url = serve_hub(db)

    def notifications():
        out = run_hub("notifications", "--db", db, "--la", LA_CODE)
        digits = "".join(c for c in out if c.isdigit())
        return int(digits) if digits else -1

    before = notifications()

    # ---- 4. The real application ----------------------------------------
    frame = start_app(base_url)
    ok("the application's window is in the accessibility tree")

    # ---- 5. Sign in, through the tree -----------------------------------
    sign_in(frame, USER, PASSWORD)

    def focused_nhs_entry():
        entry = find_named(frame, "NHS number", Atspi.Role.TEXT)
        if entry is not None and entry.get_state_set().contains(Atspi.StateType.FOCUSED):
            return entry
        return None

    # signed in, the window shows the clinician view with the focus in the
    # NHS number field, ready for typing or a barcode scanner
    nhs_entry = wait_for("the focus in the NHS number field after signing in", focused_nhs_entry)
    if find_named(frame, "Find a Child Without the NHS Number", Atspi.Role.PUSH_BUTTON) is None:
        fail("the button to find a child without the NHS number has no name a screen reader reads")
    ok("signed in as a clinician; the focus is in the NHS number field")

    # ---- 6. A child with a plan ----------------------------------------
    set_text(nhs_entry, CHILD_WITH_PLAN_TYPED)
    wait_for("the entry to call the number valid",
             lambda: "Valid NHS number" in (nhs_entry.get_description() or ""))
    press_enter(nhs_entry)

    wait_for("the alert", lambda: find_named(frame, "Child protection plan", Atspi.Role.LABEL))
    texts = shown_texts(frame)
    for expected in ("Alex TESTER", "NHS number " + CHILD_WITH_PLAN_SHOWN, "Child protection plan",
                     "Started 2 January 2025", LA_NAME, LA_OFFICE, LA_EMERGENCY,
                     "This access was recorded and %s was notified." % LA_NAME):
        if not any(expected in t for t in texts):
            fail("the alert does not say %r; on screen: %r" % (expected, texts))
    card = find(frame, lambda a: name_of(a) == "CP-IS alert: Child protection plan")
    if card is None or LA_EMERGENCY not in (card.get_description() or ""):
        fail("the alert card does not state the emergency duty number in words")
    copy = find_named(frame, "Copy %s\u2019s emergency number" % LA_NAME, Atspi.Role.PUSH_BUTTON)
    if copy is None:
        fail("no copy button named for %s's emergency number" % LA_NAME)
    if any("could not be checked" in t for t in texts):
        fail("a found child shows the could-not-be-checked page")
    after = wait_for("the hub's notification count to rise", lambda: notifications() == before + 1)
    ok("a child with a plan: alert, emergency duty number %s, and the LA notified" % LA_EMERGENCY)

    # after the answer the next scan replaces the number (the field selects
    # it to show that; what counts is the next step)

    # ---- 7. The next child scanned over it: typed through the X server, as a
    # scanner types, then Enter; the first child's alert must go --------
    Atspi.generate_keyboard_event(0, CHILD_WITHOUT, Atspi.KeySynthType.STRING)
    wait_for("the field to hold only the next child's number",
             lambda: text_of(nhs_entry) == CHILD_WITHOUT)
    texts = shown_texts(frame)
    if any(t == "Child protection plan" for t in texts) or any(LA_EMERGENCY in t for t in texts):
        fail("the first child's alert is still on screen under the next child's number: %r"
             % texts)
    press_enter(nhs_entry)
    wait_for("the no-record page",
             lambda: find_named(frame, "No CP-IS record for %s" % CHILD_WITHOUT_SHOWN,
                                Atspi.Role.LABEL))
    texts = shown_texts(frame)
    if not any("This does not mean there are no safeguarding concerns" in t for t in texts):
        fail("the no-record page does not say what it does not mean; on screen: %r" % texts)
    if any("could not be checked" in t for t in texts):
        fail("the no-record page is mixed up with the failure page")
    if any(t == "Child protection plan" for t in texts):
        fail("the previous child's alert is still showing")
    if notifications() != before + 1:
        fail("a check without a record notified someone")
    ok("the next child scanned over the first: the first's alert gone, the calm no-record page")

    # ---- 8. A scan added to the number instead of replacing it: the answer
    # shown is no longer this field's, so it goes -------------------------
    Atspi.EditableText.insert_text(nhs_entry, Atspi.Text.get_character_count(nhs_entry),
                                   CHILD_WITH_PLAN, len(CHILD_WITH_PLAN))
    wait_for("the no-record answer to leave the screen",
             lambda: find_named(frame, "No CP-IS record for %s" % CHILD_WITHOUT_SHOWN,
                                Atspi.Role.LABEL) is None)
    texts = shown_texts(frame)
    if any(t == "Child protection plan" for t in texts) or \
       any("No CP-IS record" in t for t in texts):
        fail("an answer is still on screen for a field with 20 digits: %r" % texts)
    if not any("Check a child" in t for t in texts):
        fail("the view did not go back to the ready page: %r" % texts)
    ok("twenty digits in the field: no answer on screen, back to the ready page")

    # ---- 8. The recent checks list holds both ---------------------------
    recent = find_named(frame, "Recent checks", Atspi.Role.LIST)
    if recent is None:
        fail("no Recent checks list")
    rows = [name_of(a) for a in walk(recent) if role_of(a) == Atspi.Role.LABEL]
    if not any(CHILD_WITH_PLAN_SHOWN in r for r in rows) or \
       not any(CHILD_WITHOUT_SHOWN in r for r in rows):
        fail("the recent checks do not list both children: %r" % rows)
    ok("the recent checks list both children")

    # ---- 9. A scan that begins with the focus elsewhere: a recent check
    # clicked (it says it is an earlier answer), the focus left on its row,
    # and the next child scanned through the X server ---------------------
    row = find(recent, lambda a: role_of(a) == Atspi.Role.LIST_ITEM and
               name_of(a).startswith(CHILD_WITH_PLAN_SHOWN))
    if row is None:
        fail("no recent check row for %s" % CHILD_WITH_PLAN_TYPED)
    click_with_mouse(row)
    wait_for("the focus on the recent check's row",
             lambda: row.get_state_set().contains(Atspi.StateType.FOCUSED))
    wait_for("the earlier answer, said to be one",
             lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                          name_of(a).startswith("Earlier answer, checked at")))
    if not row.get_state_set().contains(Atspi.StateType.FOCUSED):
        fail("opening a recent check moved the focus off its row")
    Atspi.generate_keyboard_event(0, CHILD_WITHOUT, Atspi.KeySynthType.STRING)
    wait_for("the scan to reach the NHS number field",
             lambda: text_of(nhs_entry) == CHILD_WITHOUT)
    if not nhs_entry.get_state_set().contains(Atspi.StateType.FOCUSED):
        fail("the NHS number field does not have the focus after the scan")
    if any(t == "Child protection plan" for t in shown_texts(frame)):
        fail("the earlier answer stayed on screen under the scanned number")
    press_enter(nhs_entry)
    wait_for("the scanned child's answer",
             lambda: find_named(frame, "No CP-IS record for %s" % CHILD_WITHOUT_SHOWN,
                                Atspi.Role.LABEL))
    ok("a scan with the focus on a recent check reaches the field; the earlier answer goes")

    # ---- 10. The same from a copy button, the council's number copied ----
    set_text(nhs_entry, CHILD_WITH_PLAN)
    press_enter(nhs_entry)
    copy = wait_for("the copy button",
                    lambda: find_named(frame, "Copy %s\u2019s emergency number" % LA_NAME,
                                       Atspi.Role.PUSH_BUTTON))
    click_with_mouse(copy)
    wait_for("the focus on the copy button",
             lambda: copy.get_state_set().contains(Atspi.StateType.FOCUSED))
    Atspi.generate_keyboard_event(0, CHILD_WITHOUT, Atspi.KeySynthType.STRING)
    wait_for("the scan to reach the NHS number field",
             lambda: text_of(nhs_entry) == CHILD_WITHOUT)
    press_enter(nhs_entry)
    wait_for("the scanned child's answer",
             lambda: find_named(frame, "No CP-IS record for %s" % CHILD_WITHOUT_SHOWN,
                                Atspi.Role.LABEL))
    if any(LA_EMERGENCY in t for t in shown_texts(frame)):
        fail("the first child's council is still on screen")
    ok("a scan with the focus on a copy button reaches the field, not the button")

    if n != TAP_PLAN:
        fail("ran %d checks, planned %d" % (n, TAP_PLAN))


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
