/* cpis-test-clinician.h: the clinician view in a real window, for the GUI
 * tests (run under Xvfb)
 *
 * A signed-in client (of the real hub or a fake one), a session store and a
 * CpisClinicianView in a window of a given size; typing or scanning a number
 * and waiting for the answer and for what follows it.
 */
#pragma once

#include <adwaita.h>

#include "cpis-clinician-view-private.h"
#include "cpis-hub-client.h"
#include "cpis-session.h"
#include "cpis-test-hub.h"

G_BEGIN_DECLS

typedef struct
{
  CpisHubClient     *client;
  CpisSession       *session;   /* started with client, as a sign-in would */
  CpisSessionStore  *store;     /* the session's */
  GtkWindow         *window;
  CpisClinicianView *view;
  GtkEntry          *entry;
  guint              n_expired;   /* times the session went to EXPIRED */
} CpisTestClinician;

/* The view in a @width × @height window, in a session started with
 * @client (taken; signed in elsewhere, e.g. to a fake hub) */
void           cpis_test_clinician_open      (CpisTestClinician *fixture,
                                              CpisHubClient     *client,
                                              int                width,
                                              int                height);
/* The same, the session signed in to @hub as @username, as the sign-in page
 * does it (so that it can sign in again) */
void           cpis_test_clinician_open_signed_in (CpisTestClinician *fixture,
                                                   CpisTestHub       *hub,
                                                   const char        *username,
                                                   const char        *password,
                                                   int                width,
                                                   int                height);
void           cpis_test_clinician_close     (CpisTestClinician *fixture);
/* Sets the field to @text and presses Enter, as a barcode scanner would */
void           cpis_test_clinician_type_and_enter (CpisTestClinician *fixture,
                                                   const char        *text);
/* The same, then waits for the answer and what follows it */
void           cpis_test_clinician_check     (CpisTestClinician *fixture,
                                              const char        *text);
/* A condition: the answer is on screen with its history and demographics */
gboolean       cpis_test_clinician_check_done (gpointer          fixture);
/* Iterates until the main context has nothing left to do now */
void           cpis_test_clinician_settle    (void);

G_END_DECLS
