/* cpis-clinician-view.h: check a child by NHS number and see the alert,
 * the local authority's numbers and the access history */
#pragma once

#include <adwaita.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_CLINICIAN_VIEW (cpis_clinician_view_get_type ())

G_DECLARE_FINAL_TYPE (CpisClinicianView, cpis_clinician_view, CPIS, CLINICIAN_VIEW, GtkWidget)

/* A check that meets 401 expires the session (cpis_session_expire()); once
 * the session is signed in again, the view repeats that check itself. */

CpisClinicianView *cpis_clinician_view_new           (void);
/* The session the view follows: while it is signed in, checks go through its
 * client into its store; when it ends, nothing of it stays on screen */
void               cpis_clinician_view_set_session   (CpisClinicianView *self,
                                                      CpisSession       *session);
/* Forgets the session's client and store, clears what is shown and typed */
void               cpis_clinician_view_reset         (CpisClinicianView *self);
/* Moves the focus to the NHS number (Ctrl+L) */
void               cpis_clinician_view_focus_search  (CpisClinicianView *self);
/* A key pressed while the focus is not in a text field: a digit goes to
 * the NHS number field, replacing what it holds, and TRUE is returned */
gboolean           cpis_clinician_view_take_typed_key (CpisClinicianView *self,
                                                       guint              keyval,
                                                       GdkModifierType    state);
/* Repeats the last check (after re-authentication, or the retry button) */
void               cpis_clinician_view_retry         (CpisClinicianView *self);

/* The application's settings the view follows ("scanner-ends-with-tab") */
void               cpis_clinician_view_set_settings  (CpisClinicianView *self,
                                                      GSettings         *settings);

/* In a demo: NHS numbers to offer in the ready state, one click to check */
void               cpis_clinician_view_set_examples  (CpisClinicianView  *self,
                                                      const char * const *with_plan,
                                                      const char * const *without_plan);
/* What each example shows, in the same order, e.g. "with a looked-after
 * plan" (for their accessible names and tooltips) */
void               cpis_clinician_view_set_example_descriptions (CpisClinicianView  *self,
                                                                 const char * const *with_plan,
                                                                 const char * const *without_plan);

G_END_DECLS
