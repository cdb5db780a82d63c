/* cpis-test-screensaver.h: the GNOME session manager and screen saver on the
 * test's session bus
 *
 * It owns org.gnome.SessionManager and org.gnome.ScreenSaver, as
 * gnome-session and the shell do, so that a GtkApplication with
 * "register-session" registers with it and follows its screen saver
 * (GtkApplication:screensaver-active). It answers on a thread of its own
 * and a connection of its own, because GTK registers with a blocking call
 * from the main thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CpisTestScreensaver CpisTestScreensaver;

/* Owns both names on the session bus, waiting until they are owned */
CpisTestScreensaver *cpis_test_screensaver_new                (void);
void                 cpis_test_screensaver_free               (CpisTestScreensaver *self);
/* The screen saver goes on (the screen locks) or off: ActiveChanged */
void                 cpis_test_screensaver_set_active         (CpisTestScreensaver *self,
                                                               gboolean             active);
/* How many applications registered with the session manager */
guint                cpis_test_screensaver_get_n_registered   (CpisTestScreensaver *self);

G_END_DECLS
