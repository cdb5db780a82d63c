/* cpis-test-notifications.c: a desktop notification server on the test's
 * session bus */

#include "cpis-test-notifications.h"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' name='name' direction='out'/>"
  "      <arg type='s' name='vendor' direction='out'/>"
  "      <arg type='s' name='version' direction='out'/>"
  "      <arg type='s' name='spec_version' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='u' name='reason'/>"
  "    </signal>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='action_key'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

struct _CpisTestNotifications
{
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            registration;
  guint            owner;
  gboolean         owned;
  GPtrArray       *all;
  guint            next_id;
  guint            n_closed;
};

static void
notification_free (CpisTestNotification *notification)
{
  g_free (notification->app_name);
  g_free (notification->summary);
  g_free (notification->body);
  g_free (notification);
}

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
  CpisTestNotifications *self = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      CpisTestNotification *notification = g_new0 (CpisTestNotification, 1);

      g_variant_get (parameters, "(suss&s@as@a{sv}i)", &notification->app_name,
                     &notification->replaces_id, NULL, &notification->summary, NULL, NULL, NULL,
                     NULL);
      g_variant_get_child (parameters, 4, "s", &notification->body);
      notification->id = notification->replaces_id != 0 ? notification->replaces_id
                                                        : ++self->next_id;
      g_ptr_array_add (self->all, notification);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", notification->id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      self->n_closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", capabilities));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "cpis-test", "CP-IS Desktop",
                                                          "1", "1.2"));
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  CpisTestNotifications *self = user_data;

  self->owned = TRUE;
}

CpisTestNotifications *
cpis_test_notifications_new (void)
{
  CpisTestNotifications *self = g_new0 (CpisTestNotifications, 1);
  g_autoptr(GError) error = NULL;

  self->all = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->registration = g_dbus_connection_register_object (self->connection,
                                                          "/org/freedesktop/Notifications",
                                                          self->info->interfaces[0], &vtable,
                                                          self, NULL, &error);
  g_assert_no_error (error);
  self->owner = g_bus_own_name_on_connection (self->connection, "org.freedesktop.Notifications",
                                              G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                              self, NULL);
  while (!self->owned)
    g_main_context_iteration (NULL, TRUE);
  return self;
}

void
cpis_test_notifications_free (CpisTestNotifications *self)
{
  g_bus_unown_name (self->owner);
  g_dbus_connection_unregister_object (self->connection, self->registration);
  g_dbus_node_info_unref (self->info);
  g_object_unref (self->connection);
  g_ptr_array_unref (self->all);
  g_free (self);
}

GPtrArray *
cpis_test_notifications_get_all (CpisTestNotifications *self)
{
  return self->all;
}

guint
cpis_test_notifications_get_n_closed (CpisTestNotifications *self)
{
  return self->n_closed;
}
