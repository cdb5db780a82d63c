/* cpis-test-screensaver.c: the GNOME session manager and screen saver on the
 * test's session bus */

#include "cpis-test-screensaver.h"

#define SESSION_MANAGER_NAME "org.gnome.SessionManager"
#define SESSION_MANAGER_PATH "/org/gnome/SessionManager"
#define CLIENT_PATH SESSION_MANAGER_PATH "/Client1"
#define SCREENSAVER_NAME "org.gnome.ScreenSaver"
#define SCREENSAVER_PATH "/org/gnome/ScreenSaver"

/* What GTK calls of each (gtkapplication-dbus.c) */
static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='RegisterClient'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='client_startup_id' direction='in'/>"
  "      <arg type='o' name='client_id' direction='out'/>"
  "    </method>"
  "    <method name='UnregisterClient'>"
  "      <arg type='o' name='client_id' direction='in'/>"
  "    </method>"
  "    <method name='IsInhibited'>"
  "      <arg type='u' name='flags' direction='in'/>"
  "      <arg type='b' name='is_inhibited' direction='out'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gnome.SessionManager.ClientPrivate'>"
  "    <method name='EndSessionResponse'>"
  "      <arg type='b' name='is_ok' direction='in'/>"
  "      <arg type='s' name='reason' direction='in'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gnome.ScreenSaver'>"
  "    <method name='GetActive'>"
  "      <arg type='b' name='active' direction='out'/>"
  "    </method>"
  "    <signal name='ActiveChanged'>"
  "      <arg type='b' name='new_value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

struct _CpisTestScreensaver
{
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GDBusConnection *connection;
  GDBusNodeInfo   *info;

  GMutex           mutex;
  GCond            cond;
  guint            n_owned;  /* of the two names */
  guint            n_registered;
  gboolean         active;
};

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  CpisTestScreensaver *self = user_data;
  GVariant *answer = NULL;

  g_mutex_lock (&self->mutex);
  if (g_str_equal (method_name, "RegisterClient"))
    {
      self->n_registered++;
      answer = g_variant_new ("(o)", CLIENT_PATH);
    }
  else if (g_str_equal (method_name, "IsInhibited"))
    answer = g_variant_new ("(b)", FALSE);
  else if (g_str_equal (method_name, "GetActive"))
    answer = g_variant_new ("(b)", self->active);
  g_mutex_unlock (&self->mutex);

  g_dbus_method_invocation_return_value (invocation, answer);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  CpisTestScreensaver *self = user_data;

  g_mutex_lock (&self->mutex);
  self->n_owned++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  if (connection != NULL)
    g_error ("%s is owned by someone else on the test's session bus", name);
}

static void
register_object (CpisTestScreensaver *self,
                 const char          *path,
                 guint                interface)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_register_object (self->connection, path, self->info->interfaces[interface],
                                     &vtable, self, NULL, &error);
  g_assert_no_error (error);
}

static gpointer
serve_thread (gpointer data)
{
  CpisTestScreensaver *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint owners[2];

  g_main_context_push_thread_default (self->context);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  register_object (self, SESSION_MANAGER_PATH, 0);
  register_object (self, CLIENT_PATH, 1);
  register_object (self, SCREENSAVER_PATH, 2);
  owners[0] = g_bus_own_name_on_connection (self->connection, SESSION_MANAGER_NAME,
                                            G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                            name_lost_cb, self, NULL);
  owners[1] = g_bus_own_name_on_connection (self->connection, SCREENSAVER_NAME,
                                            G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                            name_lost_cb, self, NULL);

  g_main_loop_run (self->loop);

  g_bus_unown_name (owners[0]);
  g_bus_unown_name (owners[1]);
  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

CpisTestScreensaver *
cpis_test_screensaver_new (void)
{
  CpisTestScreensaver *self = g_new0 (CpisTestScreensaver, 1);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-screensaver", serve_thread, self);

  g_mutex_lock (&self->mutex);
  while (self->n_owned < 2)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
cpis_test_screensaver_free (CpisTestScreensaver *self)
{
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_dbus_node_info_unref (self->info);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
cpis_test_screensaver_set_active (CpisTestScreensaver *self,
                                  gboolean             active)
{
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->mutex);
  self->active = active;
  g_mutex_unlock (&self->mutex);

  /* a GDBusConnection may be used from any thread */
  g_dbus_connection_emit_signal (self->connection, NULL, SCREENSAVER_PATH, SCREENSAVER_NAME,
                                 "ActiveChanged", g_variant_new ("(b)", active), &error);
  g_assert_no_error (error);
}

guint
cpis_test_screensaver_get_n_registered (CpisTestScreensaver *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_registered;
  g_mutex_unlock (&self->mutex);
  return n;
}
