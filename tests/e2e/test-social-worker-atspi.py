#!/usr/bin/python3
# test-social-worker-atspi.py: a clinician's check in one client appears in a
# social worker's cpis-desktop without a click, driven from outside the
# process through the accessibility tree (AT-SPI), as a screen reader would.
#
# Builds a hub of its own with the real cpis-hub command line (an LA with a
# social worker, an emergency department with a nurse, a child with a plan),
# serves it on loopback, starts `cpis-desktop --hub URL` and signs in as the
# social worker. The nurse then checks the child from another client (HTTP,
# as `curl` would); the notification must appear in the social worker's
# inbox, live, with the setting; the social worker opens it and accepts it,
# and the hub holds the change. Everything is synthetic and lives in a
# temporary folder.
#
# Run under tests/run-xvfb.sh; the script puts itself inside dbus-run-session
# and starts the accessibility bus. Needs CPIS_DESKTOP_BIN and CPIS_HUB_BIN.

import json
import os
import urllib.parse
import urllib.request

TAP_PLAN = 5

# Synthetic NHS number (999 range, valid Modulus 11 check digit)
CHILD = "9991000003"
CHILD_SHOWN = "999 100 0003"

LA_CODE = "LA9"
LA_NAME = "Testshire Council"
SETTING = "Testshire General ED"
SOCIAL_WORKER = "duty-sw"
NURSE = "triage"
PASSWORD = "amber-willow-lantern-17"

# first: it runs this script again inside a private D-Bus session
from cpis_atspi import *  # noqa: E402,F401,F403


def sign_in_over_http(base_url, username):
    origin = base_url.split("/cpis/")[0]
    body = urllib.parse.urlencode({"grant_type": "password", "username": username,
                                   "password": PASSWORD}).encode()
    with urllib.request.urlopen(origin + "/oauth2/token", body, timeout=10) as answer:
        return json.load(answer)["access_token"]


def get_json(url, token, headers=None):
    request = urllib.request.Request(url, headers=dict(headers or {},
                                                       Authorization="Bearer " + token))
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def main():
    n = 0

    def ok(description):
        nonlocal n
        n += 1
        tap("ok %d - %s" % (n, description))

    tap("1..%d" % TAP_PLAN)

    start_accessibility_bus()

    # ---- A hub of our own -----------------------------------------------
    db = os.path.join(TMP, "hub.db")
    run_hub("org", "add", "--db", db, "--ods", LA_CODE, "--name", LA_NAME,
            "--kind", "local-authority", "--phone-office", "020 7946 0999",
            "--phone-emergency", "07700 900999", "--area", "Testshire")
    run_hub("org", "add", "--db", db, "--ods", "ED9", "--name", SETTING,
            "--kind", "unscheduled-care", "--area", "Testshire")
    run_hub("user", "add", "--db", db, "--username", NURSE, "--role", "clinician",
            "--org", "ED9", "--name", "Test Triage Nurse", stdin=PASSWORD + "\n")
    run_hub("user", "add", "--db", db, "--username", SOCIAL_WORKER, "--role", "social-worker",
            "--org", LA_CODE, "--name", "Test Duty Social Worker", stdin=PASSWORD + "\n")
    patients = os.path.join(TMP, "patients.csv")
    with open(patients, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,gender,postcode\n")
        f.write("%s,TESTER,Alex,2016-04-01,female,ZZ99 3VZ\n" % CHILD)
    run_hub("import", "--db", db, "patients", patients)
    plans = os.path.join(TMP, "plans.csv")
    with open(plans, "w") as f:
        f.write("nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,"
                "end_date,due_date,la_ods_code\n")
        f.write("%s,TESTER,Alex,2016-04-01,CPP,2025-01-02,,,%s\n" % (CHILD, LA_CODE))
    run_hub("import", "--db", db, "plans", plans)

    base_url = serve_hub(db)

    # ---- The social worker's application ----------------------------------
    frame = start_app(base_url)
    sign_in(frame, SOCIAL_WORKER, PASSWORD)

    wait_for("the empty inbox", lambda: find_named(frame, "No Notifications", Atspi.Role.LABEL))
    wait_for("the live channel", lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                                              name_of(a) == "Live"))
    ok("signed in as a social worker: an empty inbox, live")

    # ---- The nurse checks the child, in another client --------------------
    token = sign_in_over_http(base_url, NURSE)
    search = (base_url + "/CareTeam?patient:identifier=" +
              urllib.parse.quote("https://fhir.nhs.uk/Id/nhs-number|" + CHILD, safe=":/"))
    answer = get_json(search, token, {"IsUnscheduledAccessEvent": "true"})
    if answer.get("total", 0) < 1:
        fail("the nurse's check found no plan: %r" % answer)

    # ---- ... and it is in the social worker's inbox, without a click ------
    cell = wait_for("the notification in the inbox",
                    lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                                 name_of(a) == CHILD_SHOWN), timeout=10)
    texts = shown_texts(frame)
    for expected in ("Alex TESTER", SETTING, "Test Triage Nurse"):
        if not any(expected in t for t in texts):
            fail("the new row does not say %r; on screen: %r" % (expected, texts))
    if any("No Notifications" in t for t in texts):
        fail("the inbox still says it is empty")
    row = find(frame, lambda a: role_of(a) != Atspi.Role.LABEL and
               name_of(a).startswith("Alex TESTER, " + CHILD_SHOWN))
    if row is None:
        fail("the new row has no name a screen reader reads")
    ok("a nurse's check from another client is in the social worker's inbox without a click")

    # ---- Opened and accepted ------------------------------------------------
    click_with_mouse(cell)
    accept = wait_for("the Accept button",
                      lambda: find_named(frame, "Accept", Atspi.Role.PUSH_BUTTON))
    if find_named(frame, "Child protection plan", Atspi.Role.LABEL) is None:
        wait_for("the child's plan", lambda: find_named(frame, "Child protection plan",
                                                        Atspi.Role.LABEL))
    ok("the notification opened shows the child's plan")
    do_action(accept, "click")
    wait_for("the accepted notification",
             lambda: find(frame, lambda a: role_of(a) == Atspi.Role.LABEL and
                          "Accepted." in name_of(a)))
    ok("accepted through the accessibility tree")

    sw_token = sign_in_over_http(base_url, SOCIAL_WORKER)
    tasks = get_json(base_url + "/Task?patient:identifier=" +
                     urllib.parse.quote("https://fhir.nhs.uk/Id/nhs-number|" + CHILD, safe=":/"),
                     sw_token)
    statuses = [e["resource"]["status"] for e in tasks.get("entry", [])]
    if statuses != ["accepted"]:
        fail("the hub holds %r, not one accepted notification" % statuses)
    ok("the hub holds the notification accepted")

    if n != TAP_PLAN:
        fail("ran %d checks, planned %d" % (n, TAP_PLAN))


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
