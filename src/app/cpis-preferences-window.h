/* cpis-preferences-window.h: the preferences (idle lock, hub address) */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CPIS_TYPE_PREFERENCES_WINDOW (cpis_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CpisPreferencesWindow, cpis_preferences_window, CPIS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* @settings: the application's settings, or NULL when the schema is not
 * installed (the rows are then shown but cannot be changed) */
CpisPreferencesWindow *cpis_preferences_window_new          (GSettings             *settings);
GSettings             *cpis_preferences_window_get_settings (CpisPreferencesWindow *self);
/* Trusts the certificate authority in @file (a PEM file) for the hub, as
 * choosing it does: FALSE, the row saying why and the one in use kept, if
 * it is not a current certificate */
gboolean               cpis_preferences_window_use_certificate (CpisPreferencesWindow *self,
                                                                GFile                 *file);

G_END_DECLS
