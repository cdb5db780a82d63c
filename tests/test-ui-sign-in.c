/* test-ui-sign-in.c: the sign-in page against the real hub, under Xvfb with an
 * unlocked keyring
 *
 * A hub in-process on loopback; a CpisSignInPage in a window, driven through
 * its widgets: a good sign-in, a wrong password, a hub that cannot be reached
 * (refused, silent, not speaking TLS: CP-IS cannot be checked), the demo
 * accounts, remember-me (the password in the keyring, then prefilled on a
 * later page) and a desktop without any secret service.
 */
#include <string.h>

#include <adwaita.h>

#include "cpis-clinician-strings-private.h"
#include "cpis-credentials.h"
#include "cpis-hub-seed.h"
#include "cpis-sign-in-page.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  CpisTestHub    *hub;
  GtkWindow      *window;
  CpisSignInPage *page;
  GSettings      *settings;
  CpisSession    *session;      /* the pages sign it in */

  /* its "started" */
  guint           n_signed_in;
  CpisHubClient  *client;
  CpisUserInfo   *user;
} Fixture;

/* Helpers */

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return cpis_test_ui_template_child (fixture->page, CPIS_TYPE_SIGN_IN_PAGE, name);
}

static const char *
row_text (Fixture    *fixture,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (fixture, name)));
}

static void
type_into (Fixture    *fixture,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, name)), text);
}

static void
press_sign_in (Fixture *fixture)
{
  g_signal_emit_by_name (child (fixture, "sign_in_button"), "clicked");
}

static gboolean
signed_in (gpointer data)
{
  Fixture *fixture = data;

  return fixture->n_signed_in > 0;
}

static gboolean
error_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *label = child (fixture, "error_label");

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static void
started_cb (CpisSession *session,
            Fixture     *fixture)
{
  fixture->n_signed_in++;
  g_set_object (&fixture->client, cpis_session_get_client (session));
  g_set_object (&fixture->user, cpis_session_get_user (session));
}

static CpisSignInPage *
new_page_in_window (Fixture    *fixture,
                    GtkWindow **window_out)
{
  CpisSignInPage *page = cpis_sign_in_page_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 800, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  cpis_sign_in_page_set_session (page, fixture->session);
  cpis_sign_in_page_set_settings (page, fixture->settings);
  gtk_window_present (window);

  *window_out = window;
  return page;
}

/* A free loopback port: bound, then let go (nothing listens there) */
static guint16
unused_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "hub-url");
  g_settings_reset (fixture->settings, "username");

  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (fixture->hub, "sw", PASSWORD, "social-worker", "LA1");

  fixture->session = cpis_session_new ();
  g_signal_connect (fixture->session, "started", G_CALLBACK (started_cb), fixture);
  fixture->page = new_page_in_window (fixture, &fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->user);
  g_clear_pointer (&fixture->hub, cpis_test_hub_free);
  g_clear_object (&fixture->settings);
}

/* Tests */

static void
test_sign_in_success (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *base_url = cpis_test_hub_get_base_url (fixture->hub);
  g_autofree char *typed_url = g_strconcat ("  ", base_url, "/ ", NULL);
  g_autofree char *saved_url = NULL;
  g_autofree char *saved_user = NULL;

  /* Every field says what it is */
  gtk_test_accessible_assert_property (child (fixture, "hub_row"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Hub address");
  gtk_test_accessible_assert_property (child (fixture, "username_row"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "User name");
  gtk_test_accessible_assert_property (child (fixture, "password_row"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Password");
  gtk_test_accessible_assert_property (child (fixture, "sign_in_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Sign in");
  gtk_test_accessible_assert_property (child (fixture, "remember_switch"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remember password");
  gtk_test_accessible_assert_role (child (fixture, "error_label"), GTK_ACCESSIBLE_ROLE_ALERT);

  type_into (fixture, "hub_row", typed_url);
  type_into (fixture, "username_row", "nurse");
  type_into (fixture, "password_row", PASSWORD);
  press_sign_in (fixture);

  /* Busy: the controls wait, a spinner turns */
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "sign_in_button")));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "form_group")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "spinner")));

  cpis_test_ui_iterate_until (signed_in, fixture);

  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_true (cpis_hub_client_is_signed_in (fixture->client));
  g_assert_cmpstr (cpis_user_info_get_username (fixture->user), ==, "nurse");
  g_assert_cmpint (cpis_user_info_get_role (fixture->user), ==, CPIS_ROLE_CLINICIAN);
  g_assert_cmpstr (cpis_session_get_hub_url (fixture->session), ==, base_url);
  g_assert_false (gtk_widget_get_visible (child (fixture, "error_label")));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "sign_in_button")));

  /* The password does not linger in the page */
  g_assert_cmpstr (row_text (fixture, "password_row"), ==, "");

  /* Not a demo hub: both hub and user name are remembered */
  saved_url = g_settings_get_string (fixture->settings, "hub-url");
  saved_user = g_settings_get_string (fixture->settings, "username");
  g_assert_cmpstr (saved_url, ==, base_url);
  g_assert_cmpstr (saved_user, ==, "nurse");
}

static void
test_sign_in_enter_in_password (Fixture       *fixture,
                                gconstpointer  data)
{
  type_into (fixture, "hub_row", cpis_test_hub_get_base_url (fixture->hub));
  type_into (fixture, "username_row", "sw");
  type_into (fixture, "password_row", PASSWORD);

  /* Enter in the password field signs in */
  g_signal_emit_by_name (child (fixture, "password_row"), "entry-activated");
  cpis_test_ui_iterate_until (signed_in, fixture);

  g_assert_cmpint (cpis_user_info_get_role (fixture->user), ==, CPIS_ROLE_SOCIAL_WORKER);
}

static void
test_sign_in_wrong_password (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *error_label;

  type_into (fixture, "hub_row", cpis_test_hub_get_base_url (fixture->hub));
  type_into (fixture, "username_row", "nurse");
  type_into (fixture, "password_row", "not the password");
  press_sign_in (fixture);

  cpis_test_ui_iterate_until (error_shown, fixture);

  error_label = child (fixture, "error_label");
  /* The hub answered: this is about the password, not about CP-IS, so no
   * safeguarding advice */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The user name or password is not correct.");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "safeguarding"));
  /* Announced: the alert carries the sentence as its name */
  gtk_test_accessible_assert_property (error_label, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "The user name or password is not correct.");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* Nothing typed is lost, and the page can be used again */
  g_assert_cmpstr (row_text (fixture, "username_row"), ==, "nurse");
  g_assert_cmpstr (row_text (fixture, "password_row"), ==, "not the password");
  g_assert_cmpstr (row_text (fixture, "hub_row"), ==, cpis_test_hub_get_base_url (fixture->hub));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "sign_in_button")));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "form_group")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "spinner")));

  /* The right password then works, and clears the error */
  type_into (fixture, "password_row", PASSWORD);
  press_sign_in (fixture);
  cpis_test_ui_iterate_until (signed_in, fixture);
  g_assert_false (gtk_widget_get_visible (error_label));
}

/* What follows the reason when the hub cannot be reached: a nurse who cannot
 * sign in cannot check CP-IS, and is told so in the clinician view's words
 * for a check that failed */
static char *
with_not_checked_advice (const char *reason)
{
  return g_strconcat (reason, "\n\nUntil you can sign in, CP-IS cannot be checked. ",
                      CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD, NULL);
}

/* Signs in to @url as the nurse and waits for the error: shown, announced
 * (the alert's name), everything typed kept. Returns the error's text. */
static const char *
sign_in_and_fail (Fixture    *fixture,
                  const char *url,
                  const char *password)
{
  GtkWidget *error_label = child (fixture, "error_label");
  const char *text;

  type_into (fixture, "hub_row", url);
  type_into (fixture, "username_row", "nurse");
  type_into (fixture, "password_row", password);
  press_sign_in (fixture);

  cpis_test_ui_iterate_until (error_shown, fixture);

  text = gtk_label_get_text (GTK_LABEL (error_label));
  gtk_test_accessible_assert_property (error_label, GTK_ACCESSIBLE_PROPERTY_LABEL, text);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  g_assert_cmpstr (row_text (fixture, "hub_row"), ==, url);
  g_assert_cmpstr (row_text (fixture, "username_row"), ==, "nurse");
  g_assert_cmpstr (row_text (fixture, "password_row"), ==, password);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "sign_in_button")));

  return text;
}

static void
test_sign_in_unreachable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/cpis/FHIR/R4", unused_port ());
  g_autofree char *reason =
    g_strdup_printf ("The hub at %s could not be reached. Check the address and your network.", url);
  g_autofree char *expected = with_not_checked_advice (reason);

  g_assert_cmpstr (sign_in_and_fail (fixture, url, PASSWORD), ==, expected);
  g_assert_nonnull (strstr (expected, "Follow local safeguarding procedures"));
}

/* A hub that takes the connection and never answers */
typedef struct
{
  GSocketService *service;
  GPtrArray      *connections;
  char           *url;
} SilentHub;

static gboolean
silent_hub_incoming_cb (GSocketService    *service,
                        GSocketConnection *connection,
                        GObject           *source,
                        gpointer           user_data)
{
  SilentHub *hub = user_data;

  g_ptr_array_add (hub->connections, g_object_ref (connection));
  return TRUE;
}

static void
silent_hub_start (SilentHub *hub)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  hub->service = g_socket_service_new ();
  hub->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_socket_listener_add_address (G_SOCKET_LISTENER (hub->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (hub->service, "incoming", G_CALLBACK (silent_hub_incoming_cb), hub);
  g_socket_service_start (hub->service);
  hub->url = g_strdup_printf ("http://127.0.0.1:%u/cpis/FHIR/R4",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
silent_hub_stop (SilentHub *hub)
{
  g_socket_service_stop (hub->service);
  g_socket_listener_close (G_SOCKET_LISTENER (hub->service));
  g_clear_object (&hub->service);
  g_clear_pointer (&hub->connections, g_ptr_array_unref);
  g_clear_pointer (&hub->url, g_free);
}

static void
test_sign_in_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  SilentHub hub = { 0, };
  g_autofree char *reason = NULL;
  g_autofree char *expected = NULL;

  silent_hub_start (&hub);
  reason = g_strdup_printf ("The hub at %s did not answer in time. Try again, or check your network.",
                            hub.url);
  expected = with_not_checked_advice (reason);

  /* The client waits its ten seconds */
  g_assert_cmpstr (sign_in_and_fail (fixture, hub.url, PASSWORD), ==, expected);
  g_assert_cmpuint (hub.connections->len, >, 0);

  silent_hub_stop (&hub);
}

/* The page's words for a refused certificate: the problem, the certificate
 * presented (its fingerprint as openssl has it, for the service desk to
 * compare), what to do, and that CP-IS cannot be checked */
static void
assert_certificate_refused (const char *text,
                            const char *fingerprint)
{
  g_autofree char *said = g_strdup_printf ("SHA-256 fingerprint: %s.", fingerprint);
  g_autofree char *advice = with_not_checked_advice ("");

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "The CP-IS hub’s security certificate is not trusted: "
                                         "it was not issued by an authority this computer trusts."));
  g_assert_nonnull (strstr (text, "Issued to CN=127.0.0.1 by CN=127.0.0.1."));
  g_assert_nonnull (strstr (text, said));
  g_assert_nonnull (strstr (text, ". Check the address, or ask your IT service desk."));
  g_assert_true (g_str_has_suffix (text, advice));
}

/* The real hub serving https with a self-signed certificate, which the page
 * (trusting only the system's authorities) must refuse */
static void
test_sign_in_tls_failure (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;

  dir = g_dir_make_tmp ("cpis-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  if (!cpis_test_make_certificate (dir, "hub", &cert, &key))
    {
      g_assert_true (cpis_test_remove_tree (dir));
      return;
    }

  /* On this thread's main context, which the test iterates */
  server = cpis_hub_server_new (cpis_test_hub_get_store (fixture->hub));
  g_assert_true (cpis_hub_server_listen (server, "127.0.0.1", 0, cert, key, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cpis_hub_server_get_base_url (server), "https://"));

  fingerprint = cpis_test_certificate_fingerprint (cert);
  assert_certificate_refused (sign_in_and_fail (fixture, cpis_hub_server_get_base_url (server),
                                                PASSWORD),
                              fingerprint);
  cpis_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cpis_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "sign-in-certificate-refused");

  /* another authority trusted (Preferences' trusted certificate): still refused */
  {
    g_autofree char *other_cert = NULL;
    g_autofree char *other_key = NULL;

    g_assert_true (cpis_test_make_certificate (dir, "other", &other_cert, &other_key));
    cpis_session_set_trusted_certificate (fixture->session, other_cert);
    assert_certificate_refused (sign_in_and_fail (fixture, cpis_hub_server_get_base_url (server),
                                                  PASSWORD),
                                fingerprint);
  }

  /* a trusted certificate that is not one: said, and nothing sent */
  {
    g_autofree char *not_pem = g_build_filename (dir, "not-a-certificate.pem", NULL);
    const char *text;

    g_assert_true (g_file_set_contents (not_pem, "not a certificate\n", -1, &error));
    cpis_session_set_trusted_certificate (fixture->session, not_pem);
    text = sign_in_and_fail (fixture, cpis_hub_server_get_base_url (server), PASSWORD);
    g_assert_nonnull (strstr (text, "is not a certificate file"));
  }

  /* the hub's own authority trusted: signed in */
  cpis_session_set_trusted_certificate (fixture->session, cert);
  type_into (fixture, "password_row", PASSWORD);
  press_sign_in (fixture);
  cpis_test_ui_iterate_until (signed_in, fixture);
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  cpis_session_end (fixture->session, CPIS_SESSION_END_SIGNED_OUT);
  cpis_session_set_trusted_certificate (fixture->session, NULL);

  cpis_hub_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cpis_test_remove_tree (dir));
}

static void
test_sign_in_missing_fields (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *error_label = child (fixture, "error_label");

  /* Nothing is sent without a user name, and the reason is shown */
  type_into (fixture, "hub_row", cpis_test_hub_get_base_url (fixture->hub));
  type_into (fixture, "password_row", PASSWORD);
  press_sign_in (fixture);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "Enter your user name.");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "sign_in_button")));

  /* Not a hub address */
  type_into (fixture, "hub_row", "hub.example");
  type_into (fixture, "username_row", "nurse");
  press_sign_in (fixture);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "cannot be used"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "https://"));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* Plain http to a hub on the network: refused before a password is sent */
  type_into (fixture, "hub_row", "http://10.0.0.5:8443/cpis/FHIR/R4");
  press_sign_in (fixture);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "must be reached with https://"));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
}

static gboolean
is_use_button_for (GtkWidget  *widget,
                   const char *username)
{
  g_autofree char *tooltip = g_strdup_printf ("Use demo account %s", username);

  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static GtkWidget *
find_use_button (GtkWidget  *root,
                 const char *username)
{
  if (is_use_button_for (root, username))
    return root;

  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found = find_use_button (w, username);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_sign_in_demo_accounts (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_demo_account_free);
  GtkWidget *button;
  g_autofree char *saved_url = NULL;

  g_ptr_array_add (accounts, cpis_demo_account_new ("sw", PASSWORD, CPIS_ROLE_SOCIAL_WORKER,
                                                    "Social worker, Northgate Council"));
  g_ptr_array_add (accounts, cpis_demo_account_new ("nurse", PASSWORD, CPIS_ROLE_CLINICIAN,
                                                    "Triage nurse, Northgate General ED"));

  g_assert_false (gtk_widget_get_visible (child (fixture, "demo_group")));

  cpis_sign_in_page_set_hub_url (fixture->page, cpis_test_hub_get_base_url (fixture->hub));
  cpis_sign_in_page_set_demo_accounts (fixture->page, accounts);
  g_assert_true (gtk_widget_get_visible (child (fixture, "demo_group")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "demo_label")));

  button = find_use_button (GTK_WIDGET (fixture->page), "nurse");
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Use demo account nurse");
  g_assert_nonnull (find_use_button (GTK_WIDGET (fixture->page), "sw"));

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (row_text (fixture, "username_row"), ==, "nurse");
  g_assert_cmpstr (row_text (fixture, "password_row"), ==, PASSWORD);

  press_sign_in (fixture);
  cpis_test_ui_iterate_until (signed_in, fixture);
  g_assert_cmpstr (cpis_user_info_get_username (fixture->user), ==, "nurse");

  /* The demo hub's address is not one to remember */
  saved_url = g_settings_get_string (fixture->settings, "hub-url");
  g_assert_cmpstr (saved_url, ==, "");

  /* Taken away again */
  cpis_sign_in_page_set_demo_accounts (fixture->page, NULL);
  g_assert_false (gtk_widget_get_visible (child (fixture, "demo_group")));
  g_assert_null (find_use_button (GTK_WIDGET (fixture->page), "nurse"));
}

static char *
keyring_lookup (const char *hub_url,
                const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  cpis_credentials_lookup_async (hub_url, username, NULL, cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  password = cpis_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

typedef struct
{
  Fixture        *fixture;
  CpisSignInPage *page;
} PrefillCheck;

static gboolean
password_prefilled (gpointer data)
{
  PrefillCheck *check = data;
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (check->page), CPIS_TYPE_SIGN_IN_PAGE,
                                                "password_row");

  return *gtk_editable_get_text (GTK_EDITABLE (row)) != '\0';
}

static void
test_sign_in_remember (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *base_url = cpis_test_hub_get_base_url (fixture->hub);
  g_autofree char *stored = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GAsyncResult) forgotten = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window2 = NULL;
  CpisSignInPage *page2;
  PrefillCheck check;
  GObject *row;

  /* Nothing there before */
  stored = keyring_lookup (base_url, "nurse");
  g_assert_null (stored);

  g_assert_true (gtk_widget_get_sensitive (child (fixture, "remember_row")));
  type_into (fixture, "hub_row", base_url);
  type_into (fixture, "username_row", "nurse");
  type_into (fixture, "password_row", PASSWORD);
  gtk_switch_set_active (child (fixture, "remember_switch"), TRUE);
  press_sign_in (fixture);
  cpis_test_ui_iterate_until (signed_in, fixture);

  /* In the keyring under this hub and user, and no other */
  stored = keyring_lookup (base_url, "nurse");
  g_assert_cmpstr (stored, ==, PASSWORD);
  other = keyring_lookup (base_url, "sw");
  g_assert_null (other);

  /* A later page, told the hub and the user name, fills the password in */
  page2 = new_page_in_window (fixture, &window2);
  cpis_sign_in_page_set_hub_url (page2, base_url);
  cpis_sign_in_page_set_username (page2, "nurse");
  check.fixture = fixture;
  check.page = page2;
  cpis_test_ui_iterate_until (password_prefilled, &check);

  row = gtk_widget_get_template_child (GTK_WIDGET (page2), CPIS_TYPE_SIGN_IN_PAGE, "password_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, PASSWORD);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (page2),
                                                                                  CPIS_TYPE_SIGN_IN_PAGE,
                                                                                  "remember_switch"))));

  /* After a lock or sign-out the page asks for the password: not filled in
   * again, until the user types the user name again */
  cpis_sign_in_page_reset (page2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page2),
                                                                      CPIS_TYPE_SIGN_IN_PAGE,
                                                                      "username_row")),
                         "nurse");
  cpis_test_ui_iterate_until (password_prefilled, &check);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, PASSWORD);

  /* Typing another user name takes the remembered password away */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page2),
                                                                      CPIS_TYPE_SIGN_IN_PAGE,
                                                                      "username_row")),
                         "sw");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  gtk_window_destroy (window2);

  cpis_credentials_forget_async (base_url, "nurse", NULL, cpis_test_ui_store_result_cb, &forgotten);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &forgotten);
  g_assert_true (cpis_credentials_forget_finish (forgotten, &error));
  g_assert_no_error (error);
}

static gboolean
remember_unavailable (gpointer data)
{
  return !gtk_widget_get_sensitive (child (data, "remember_row"));
}

/* The password row's show/hide button has a name that says what it does
 * now (libadwaita 1.2 leaves it unnamed: "GtkImage" to a screen reader) */
static void
test_sign_in_password_peek_named (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *row = child (fixture, "password_row");
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *peek = NULL;

  cpis_test_ui_collect_widgets_of_type (row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_visible (buttons->pdata[i]))
      peek = buttons->pdata[i];
  g_assert_nonnull (peek);

  gtk_test_accessible_assert_property (peek, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show password");
  g_signal_emit_by_name (peek, "clicked");
  g_assert_true (gtk_text_get_visibility (GTK_TEXT (text)));
  gtk_test_accessible_assert_property (peek, GTK_ACCESSIBLE_PROPERTY_LABEL, "Hide password");
  g_signal_emit_by_name (peek, "clicked");
  gtk_test_accessible_assert_property (peek, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show password");
}

static void
test_sign_in_no_keyring_subprocess (Fixture       *fixture,
                                    gconstpointer  data)
{
  GObject *row = G_OBJECT (child (fixture, "remember_row"));

  /* Only meaningful without a session bus: see /sign-in/no-keyring */
  if (!g_test_subprocess ())
    {
      g_test_skip ("runs in the subprocess of /sign-in/no-keyring");
      return;
    }

  /* The probe fails (no session bus here): remember-me goes, with the reason */
  cpis_test_ui_iterate_until (remember_unavailable, fixture);

  g_assert_false (gtk_switch_get_active (child (fixture, "remember_switch")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "Kept in this desktop's keyring");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "keyring"));

  /* Signing in still works */
  type_into (fixture, "hub_row", cpis_test_hub_get_base_url (fixture->hub));
  type_into (fixture, "username_row", "nurse");
  type_into (fixture, "password_row", PASSWORD);
  press_sign_in (fixture);
  cpis_test_ui_iterate_until (signed_in, fixture);
  g_assert_true (cpis_hub_client_is_signed_in (fixture->client));
}

static void
test_sign_in_no_keyring (void)
{
  g_test_trap_subprocess ("/sign-in/no-keyring/subprocess", 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Accessible properties are checked in-process (the test backend): no
   * AT-SPI bus, whose registry would also write into the TAP output */
  g_setenv ("GTK_A11Y", "test", FALSE);

  /* The subprocess plays a desktop without a session bus, so without any
   * secret service */
  if (g_test_subprocess ())
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/cpis-test-no-bus", TRUE);
      g_setenv ("GTK_A11Y", "none", TRUE);
    }

  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/sign-in/success", test_sign_in_success);
  ADD ("/sign-in/enter-in-password", test_sign_in_enter_in_password);
  ADD ("/sign-in/wrong-password", test_sign_in_wrong_password);
  ADD ("/sign-in/unreachable", test_sign_in_unreachable);
  ADD ("/sign-in/timeout", test_sign_in_timeout);
  ADD ("/sign-in/tls-failure", test_sign_in_tls_failure);
  ADD ("/sign-in/missing-fields", test_sign_in_missing_fields);
  ADD ("/sign-in/demo-accounts", test_sign_in_demo_accounts);
  ADD ("/sign-in/remember", test_sign_in_remember);
  ADD ("/sign-in/password-peek-named", test_sign_in_password_peek_named);
  ADD ("/sign-in/no-keyring/subprocess", test_sign_in_no_keyring_subprocess);
  g_test_add_func ("/sign-in/no-keyring", test_sign_in_no_keyring);

#undef ADD

  return g_test_run ();
}
