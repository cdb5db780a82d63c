/* test-credentials.c: remembered sign-ins in a real secret service
 *
 * Run by tests/run-keyring.sh: a private D-Bus session with an unlocked
 * gnome-keyring in a throwaway home (CPIS_TEST_KEYRING=1). The no-secret-
 * service cases run in subprocesses, each on a bus of its own without one.
 */

#include <string.h>

#include "cpis-credentials.h"
#include "cpis-test-util.h"

#define HUB_A "https://hub-a.example/cpis/FHIR/R4"
#define HUB_B "https://hub-b.example/cpis/FHIR/R4"

static gboolean
probe (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_credentials_probe_async (NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_credentials_probe_finish (result, error);
}

static gboolean
store (const char    *hub,
       const char    *username,
       const char    *password,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_credentials_store_async (hub, username, password, cancellable, cpis_test_store_result_cb,
                                &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_credentials_store_finish (result, error);
}

static char *
lookup (const char  *hub,
        const char  *username,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_credentials_lookup_async (hub, username, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_credentials_lookup_finish (result, error);
}

static gboolean
forget (const char  *hub,
        const char  *username,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_credentials_forget_async (hub, username, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_credentials_forget_finish (result, error);
}

static void
assert_looked_up (const char *hub,
                  const char *username,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = lookup (hub, username, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

/* Only under run-keyring.sh: never touch the keyring of whoever runs this */
static gboolean
have_test_keyring (void)
{
  if (g_strcmp0 (g_getenv ("CPIS_TEST_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("Needs the private keyring of tests/run-keyring.sh");
  return FALSE;
}

static void
test_schema (void)
{
  const SecretSchema *schema = cpis_credentials_get_schema ();

  g_assert_true (schema == cpis_credentials_get_schema ());
  g_assert_cmpstr (schema->name, ==, "io.github.cpisdesktop.CpisDesktop.Password");
  g_assert_cmpstr (schema->attributes[0].name, ==, "hub");
  g_assert_cmpint (schema->attributes[0].type, ==, SECRET_SCHEMA_ATTRIBUTE_STRING);
  g_assert_cmpstr (schema->attributes[1].name, ==, "username");
  g_assert_cmpint (schema->attributes[1].type, ==, SECRET_SCHEMA_ATTRIBUTE_STRING);
  g_assert_null (schema->attributes[2].name);
}

static void
test_probe (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_test_keyring ())
    return;

  g_assert_true (probe (&error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) items = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  if (!have_test_keyring ())
    return;

  g_assert_true (store (HUB_A, "nurse", "first secret", NULL, &error));
  g_assert_no_error (error);
  assert_looked_up (HUB_A, "nurse", "first secret");

  /* stored again: replaced, not duplicated */
  g_assert_true (store (HUB_A, "nurse", "second secret", NULL, &error));
  g_assert_no_error (error);
  assert_looked_up (HUB_A, "nurse", "second secret");

  /* one item, labelled for a person reading their keyring */
  items = secret_password_search_sync (cpis_credentials_get_schema (), SECRET_SEARCH_ALL, NULL,
                                       &error, "hub", HUB_A, "username", "nurse", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "CP-IS Desktop password for nurse at " HUB_A);
  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "io.github.cpisdesktop.CpisDesktop.Password");
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  /* a trailing slash names the same hub */
  assert_looked_up (HUB_A "/", "nurse", "second secret");

  g_assert_true (forget (HUB_A, "nurse", &error));
  g_assert_no_error (error);
  assert_looked_up (HUB_A, "nurse", NULL);

  /* forgetting what is not there is fine */
  g_assert_true (forget (HUB_A, "nurse", &error));
  g_assert_no_error (error);
}

static void
test_unknown_user (void)
{
  if (!have_test_keyring ())
    return;

  assert_looked_up (HUB_A, "nobody-stored-this", NULL);
  assert_looked_up ("https://never-seen.example/cpis/FHIR/R4", "nurse", NULL);
}

static void
test_hubs_are_separate (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_test_keyring ())
    return;

  g_assert_true (store (HUB_A, "clinician", "secret at A", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (HUB_B, "clinician", "secret at B", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (HUB_A, "other", "other at A", NULL, &error));
  g_assert_no_error (error);

  assert_looked_up (HUB_A, "clinician", "secret at A");
  assert_looked_up (HUB_B, "clinician", "secret at B");
  assert_looked_up (HUB_A, "other", "other at A");
  assert_looked_up (HUB_B, "other", NULL);

  g_assert_true (forget (HUB_A, "clinician", &error));
  g_assert_no_error (error);
  assert_looked_up (HUB_A, "clinician", NULL);
  assert_looked_up (HUB_B, "clinician", "secret at B");
  assert_looked_up (HUB_A, "other", "other at A");

  g_assert_true (forget (HUB_B, "clinician", &error));
  g_assert_true (forget (HUB_A, "other", &error));
  g_assert_no_error (error);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (!have_test_keyring ())
    return;

  g_cancellable_cancel (cancellable);
  g_assert_false (store (HUB_A, "cancelled", "never stored", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_looked_up (HUB_A, "cancelled", NULL);
}

/* Every call fails at once with the friendly error; sign-in can go on */
static void
assert_no_secret_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_assert_false (probe (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "No keyring is available"));
  g_test_message ("Probe: %s", error->message);
  g_clear_error (&error);

  g_assert_false (store (HUB_A, "nurse", "nowhere to go", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  password = lookup (HUB_A, "nurse", &error);
  g_assert_null (password);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (forget (HUB_A, "nurse", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      /* a real session bus, with nothing on it that provides the secrets */
      GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      assert_no_secret_service ();
      /* Stopped, not taken down or unreffed: both wait for the bus connection
       * to be finalised, and libsecret keeps it. This process ends here. */
      g_test_dbus_stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_session_bus (void)
{
  if (g_test_subprocess ())
    {
      /* set before anything in this process has looked for the bus */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/cpis-test-bus", TRUE);
      assert_no_secret_service ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/schema", test_schema);
  g_test_add_func ("/credentials/probe", test_probe);
  g_test_add_func ("/credentials/round-trip", test_round_trip);
  g_test_add_func ("/credentials/unknown-user", test_unknown_user);
  g_test_add_func ("/credentials/hubs-are-separate", test_hubs_are_separate);
  g_test_add_func ("/credentials/cancelled", test_cancelled);
  g_test_add_func ("/credentials/no-secret-service", test_no_secret_service);
  g_test_add_func ("/credentials/no-session-bus", test_no_session_bus);

  return g_test_run ();
}
