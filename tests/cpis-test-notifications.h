/* cpis-test-notifications.h: a desktop notification server on the test's
 * session bus
 *
 * It owns org.freedesktop.Notifications, as the shell does, so that
 * g_application_send_notification() (GLib's freedesktop backend, chosen when
 * nothing owns org.gtk.Notifications) reaches it over D-Bus; it keeps what
 * each Notify call said, for a test to read.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CpisTestNotifications CpisTestNotifications;

typedef struct
{
  char *app_name;
  char *summary;
  char *body;
  guint id;          /* the id the server gave it */
  guint replaces_id; /* the one it replaced, or 0 */
} CpisTestNotification;

/* Owns the name on the session bus, waiting until it is owned */
CpisTestNotifications *cpis_test_notifications_new     (void);
void                   cpis_test_notifications_free    (CpisTestNotifications *self);
/* (element-type CpisTestNotification) (transfer none): every Notify, in order */
GPtrArray             *cpis_test_notifications_get_all (CpisTestNotifications *self);
/* How many notifications were closed (CloseNotification: withdrawn) */
guint                  cpis_test_notifications_get_n_closed (CpisTestNotifications *self);

G_END_DECLS
