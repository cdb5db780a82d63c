/* cpis-window.h: the one window: sign-in page, then the view for the user's role */
#pragma once

#include <adwaita.h>

#include "cpis-application.h"

G_BEGIN_DECLS

#define CPIS_TYPE_WINDOW (cpis_window_get_type ())

G_DECLARE_FINAL_TYPE (CpisWindow, cpis_window, CPIS, WINDOW, AdwApplicationWindow)

CpisWindow *cpis_window_new      (CpisApplication *application);
/* Empties the session's data and asks for the password again */
void        cpis_window_lock     (CpisWindow      *self);
/* Revokes the token, empties the session, back to the sign-in page */
void        cpis_window_sign_out (CpisWindow      *self);

G_END_DECLS
