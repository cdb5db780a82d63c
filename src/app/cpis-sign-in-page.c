/* cpis-sign-in-page.c: hub, user name, password, remember me
 *
 * The page presents signing in; the session (CpisSession) does it: the
 * page checks what was typed, asks the session to sign in (remembering or
 * forgetting the password as the switch says), and the window follows the
 * session's "started". Nothing typed is ever lost on an error; the error is
 * shown in words under the form (and announced).
 */
#include <glib/gi18n.h>
#include <string.h>

#include "cpis-clinician-strings-private.h"
#include "cpis-demo-account.h"
#include "cpis-hub-url.h"
#include "cpis-sign-in-page.h"

/* How long the user name must rest before the keyring is asked for a
 * remembered password */
#define LOOKUP_DELAY_MS 300

typedef enum
{
  KEYRING_UNKNOWN,
  KEYRING_AVAILABLE,
  KEYRING_UNAVAILABLE,
} KeyringState;

struct _CpisSignInPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkWidget            *scroller;
  GtkImage             *app_icon;
  GtkWidget            *clamp;          /* the scrolled content */
  GtkLabel             *title_label;
  GtkLabel             *demo_label;
  GtkLabel             *notice_label;
  AdwPreferencesGroup  *form_group;
  AdwEntryRow          *hub_row;
  AdwEntryRow          *username_row;
  AdwEntryRow          *password_row;
  AdwActionRow         *remember_row;
  GtkSwitch            *remember_switch;
  GtkLabel             *error_label;
  GtkButton            *sign_in_button;
  GtkSpinner           *spinner;
  GtkLabel             *sign_in_label;
  AdwPreferencesGroup  *demo_group;

  CpisSession          *session;
  GSettings            *settings;       /* where the user name and hub are kept; may be NULL */
  GCancellable         *cancellable;    /* everything in flight; cancelled in dispose */
  GCancellable         *lookup_cancellable;
  guint                 lookup_source;
  KeyringState          keyring;

  char                 *preset_hub_url; /* from cpis_sign_in_page_set_hub_url() */
  GPtrArray            *demo_accounts;  /* CpisDemoAccount */
  GPtrArray            *demo_rows;      /* AdwActionRow in demo_group */

  /* a sign-in in progress */
  gboolean              busy;
  char                 *hub_url;        /* normalised, as the session has it */

  gboolean              password_from_keyring;
  gboolean              setting_text;   /* changes made by us, not typed */
  gboolean              no_prefill;     /* after a lock or sign-out, until the user
                                         * types another hub or user name */
};

G_DEFINE_FINAL_TYPE (CpisSignInPage, cpis_sign_in_page, GTK_TYPE_WIDGET)

static void schedule_lookup (CpisSignInPage *self);

/* Helpers */

static char *
trimmed_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_text (CpisSignInPage *self,
              AdwEntryRow    *row,
              const char     *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  self->setting_text = FALSE;
}

/* Gives @widget exactly this name. libadwaita labels rows' widgets by the
 * row's title too, which GTK 4.8 would read out after the name ("Hub address
 * Hub"), so that relation goes. */
static void
set_accessible_name (GtkWidget  *widget,
                     const char *name)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* libadwaita 1.2 leaves the password row's peek button unnamed (a screen
 * reader says "GtkImage"). It is the row's visible button (the apply button
 * is hidden); its name follows whether the password is shown. */
static GtkWidget *
find_peek_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child))
        return child;
      if ((found = find_peek_button (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
password_visibility_changed_cb (GtkWidget  *text,
                                GParamSpec *pspec,
                                GtkWidget  *button)
{
  const char *name = gtk_text_get_visibility (GTK_TEXT (text)) ? _("Hide password")
                                                               : _("Show password");

  set_accessible_name (button, name);
  gtk_widget_set_tooltip_text (button, name);
}

static void
name_peek_button (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  GtkWidget *button = find_peek_button (GTK_WIDGET (row));

  if (button == NULL || !GTK_IS_TEXT (delegate))
    return;

  g_signal_connect_object (delegate, "notify::visibility",
                           G_CALLBACK (password_visibility_changed_cb), button, 0);
  password_visibility_changed_cb (GTK_WIDGET (delegate), NULL, button);
}

/* The editable inside an entry row gets the row's name too, so that a screen
 * reader (or AT-SPI test) that lands in the text finds it by name */
static void
name_editable (AdwEntryRow *row,
               const char  *name)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  set_accessible_name (GTK_WIDGET (row), name);
  if (delegate != NULL)
    set_accessible_name (GTK_WIDGET (delegate), name);
}

static void
show_error (CpisSignInPage *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);
}

static void
hide_error (CpisSignInPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_text (self->error_label, "");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_label),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
set_busy (CpisSignInPage *self,
          gboolean        busy)
{
  self->busy = busy;

  /* Take the focus out of a field before it goes insensitive, so that the
   * field knows (an insensitive GtkText would otherwise keep blinking) */
  if (busy)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_root_set_focus (root, NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_text (self->sign_in_label, busy ? _("Signing in…") : _("Sign in"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->sign_in_button),
                               GTK_ACCESSIBLE_STATE_BUSY, busy,
                               -1);
  if (busy)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_in_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Signing in…"),
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sign_in_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Moves the focus to the first field still to fill in */
static void
focus_first_empty (CpisSignInPage *self)
{
  AdwEntryRow *rows[] = { self->hub_row, self->username_row, self->password_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = trimmed_text (rows[i]);

      if (*text == '\0')
        {
          gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
          return;
        }
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
}

/* Scrolls back to the top of the page, then down only as far as keeps the
 * notice in view while showing the focused field. The notice says why the
 * page opened (whose session was locked, a sign-out): it is read first,
 * however far down the page was left (the demo accounts are at the bottom). */
static void
scroll_to_notice (CpisSignInPage *self)
{
  GtkAdjustment *vadjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t notice, focused;
  double bottom;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->notice_label)))
    return;

  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  /* In the content's own coordinates, which scrolling does not move */
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->notice_label), self->clamp, &notice))
    return;
  bottom = notice.origin.y + notice.size.height;
  if (focus != NULL && gtk_widget_is_ancestor (focus, self->clamp) &&
      gtk_widget_compute_bounds (focus, self->clamp, &focused))
    bottom = MAX (bottom, focused.origin.y + focused.size.height);

  /* The notice wins when both do not fit */
  gtk_adjustment_clamp_page (vadjustment, notice.origin.y, bottom);
}

/* A sentence a clinician can act on, for each way sign-in fails */
static char *
describe_error (const GError *error,
                const char   *hub_url)
{
  if (error->domain == CPIS_HUB_CLIENT_ERROR)
    {
      switch ((CpisHubClientError) error->code)
        {
        case CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS:
          return g_strdup (_("The user name or password is not correct."));
        case CPIS_HUB_CLIENT_ERROR_UNREACHABLE:
          return g_strdup_printf (_("The hub at %s could not be reached. Check the address and your network."),
                                  hub_url);
        case CPIS_HUB_CLIENT_ERROR_TIMEOUT:
          return g_strdup_printf (_("The hub at %s did not answer in time. Try again, or check your network."),
                                  hub_url);
        case CPIS_HUB_CLIENT_ERROR_TLS:
          /* Translators: the client's words for what was wrong with the
           * connection's security (the certificate presented, fingerprint
           * and all, for the service desk) */
          return g_strdup_printf (_("%s Check the address, or ask your IT service desk."),
                                  error->message);
        case CPIS_HUB_CLIENT_ERROR_SERVER:
          return g_strdup (_("The hub had a problem and could not sign you in. Try again in a moment."));
        case CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED:
          return g_strdup (_("This account is not allowed to use CP-IS. Ask your administrator."));
        case CPIS_HUB_CLIENT_ERROR_UNREADABLE:
          return g_strdup_printf (_("The answer from %s could not be understood. Check that the address is a CP-IS hub."),
                                  hub_url);
        case CPIS_HUB_CLIENT_ERROR_UNAUTHORISED:
        case CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST:
        default:
          break;
        }
    }

  return g_strdup_printf (_("Signing in failed: %s"), error->message);
}

/* Whether signing in failed on the hub's side or on the way to it (not
 * reached, too slow, not trusted, broken or unreadable), rather than on the
 * account (a wrong password, no access) or on what was typed. Then CP-IS
 * cannot be checked at all, and a nurse must not take that for "no record". */
static gboolean
cpis_cannot_be_checked (const GError *error)
{
  if (error->domain != CPIS_HUB_CLIENT_ERROR)
    return TRUE;

  switch ((CpisHubClientError) error->code)
    {
    case CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS:
    case CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED:
      return FALSE;
    case CPIS_HUB_CLIENT_ERROR_UNREACHABLE:
    case CPIS_HUB_CLIENT_ERROR_TIMEOUT:
    case CPIS_HUB_CLIENT_ERROR_TLS:
    case CPIS_HUB_CLIENT_ERROR_SERVER:
    case CPIS_HUB_CLIENT_ERROR_UNREADABLE:
    case CPIS_HUB_CLIENT_ERROR_UNAUTHORISED:
    case CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST:
    default:
      return TRUE;
    }
}

/* The reason, then, when CP-IS cannot be checked, the advice the clinician
 * view gives when a check fails, in the same words */
static char *
describe_sign_in_failure (const GError *error,
                          const char   *hub_url)
{
  g_autofree char *reason = describe_error (error, hub_url);

  if (!cpis_cannot_be_checked (error))
    return g_steal_pointer (&reason);

  return g_strdup_printf ("%s\n\n%s %s", reason,
                          _("Until you can sign in, CP-IS cannot be checked."),
                          _(CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD));
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

/* Whether @hub_url is the demo hub the window offered (not to be saved) */
static gboolean
is_demo_hub (CpisSignInPage *self,
             const char     *hub_url)
{
  g_autofree char *preset = NULL;

  if (self->demo_accounts == NULL || self->demo_accounts->len == 0)
    return FALSE;

  preset = cpis_hub_url_normalise (self->preset_hub_url);
  return g_strcmp0 (preset, hub_url) == 0;
}

/* Signing in */

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CpisSignInPage *self = user_data;
  CpisSession *session = CPIS_SESSION (source);
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *username;

  user = cpis_session_sign_in_finish (session, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (user == NULL)
    {
      g_autofree char *message = describe_sign_in_failure (error, self->hub_url);

      g_clear_pointer (&self->hub_url, g_free);
      show_error (self, message);

      /* Keep everything typed; a wrong password is selected to retype */
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS))
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
          gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
        }
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->hub_row));
      return;
    }

  /* the next sign-in starts from here */
  username = cpis_user_info_get_username (user);
  if (username == NULL || *username == '\0')
    username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "username", username);
      if (!is_demo_hub (self, self->hub_url))
        g_settings_set_string (self->settings, "hub-url", self->hub_url);
    }
  g_clear_pointer (&self->hub_url, g_free);

  /* The password is no longer needed here: the client holds a token */
  set_row_text (self, self->password_row, "");
  self->password_from_keyring = FALSE;
}

/* What to do with the password in the keyring, as the switch says: store it;
 * forget a remembered one the user turned "remember" off for; or nothing */
static CpisPasswordChoice
password_choice (CpisSignInPage *self)
{
  if (self->keyring != KEYRING_UNAVAILABLE && gtk_switch_get_active (self->remember_switch))
    return CPIS_PASSWORD_REMEMBER;
  if (self->keyring == KEYRING_AVAILABLE && self->password_from_keyring)
    return CPIS_PASSWORD_FORGET;
  return CPIS_PASSWORD_LEAVE;
}

static void
sign_in (CpisSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *username = NULL;
  const char *password;

  if (self->busy || self->session == NULL)
    return;

  hub_url = cpis_hub_url_normalise (gtk_editable_get_text (GTK_EDITABLE (self->hub_row)));
  username = trimmed_text (self->username_row);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*hub_url == '\0')
    {
      show_error (self, _("Enter the hub's address, for example https://hub.example/cpis/FHIR/R4."));
      gtk_widget_grab_focus (GTK_WIDGET (self->hub_row));
      return;
    }
  if (*username == '\0')
    {
      show_error (self, _("Enter your user name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (!cpis_hub_client_check_base_url (hub_url, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” cannot be used: %s"), hub_url, error->message);

      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->hub_row));
      return;
    }

  hide_error (self);
  g_free (self->hub_url);
  self->hub_url = g_strdup (hub_url);
  set_busy (self, TRUE);

  cpis_session_sign_in_async (self->session, hub_url, username, password, password_choice (self),
                              self->cancellable, signed_in_cb, self);
}

/* Remembered passwords */

static void
probed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CpisSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cpis_session_probe_keyring_finish (CPIS_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->keyring = KEYRING_UNAVAILABLE;
      gtk_switch_set_active (self->remember_switch, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->remember_row), FALSE);
      adw_action_row_set_subtitle (self->remember_row, error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->remember_switch),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      return;
    }

  self->keyring = KEYRING_AVAILABLE;
  schedule_lookup (self);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CpisSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = cpis_session_lookup_password_finish (CPIS_SESSION (source), result, &error);
  if (password == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No remembered password: %s", error->message);
      return;
    }

  /* Never overwrite what the user typed */
  if (self->busy || self->no_prefill ||
      (!self->password_from_keyring &&
       *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0'))
    {
      clear_secret (&password);
      return;
    }

  set_row_text (self, self->password_row, password);
  clear_secret (&password);
  self->password_from_keyring = TRUE;
  gtk_switch_set_active (self->remember_switch, TRUE);
}

static gboolean
lookup_timeout_cb (gpointer user_data)
{
  CpisSignInPage *self = user_data;
  g_autofree char *hub_url = NULL;
  g_autofree char *username = NULL;

  self->lookup_source = 0;

  hub_url = cpis_hub_url_normalise (gtk_editable_get_text (GTK_EDITABLE (self->hub_row)));
  username = trimmed_text (self->username_row);
  if (*hub_url == '\0' || *username == '\0' || self->keyring != KEYRING_AVAILABLE ||
      self->session == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();
  cpis_session_lookup_password_async (self->session, hub_url, username, self->lookup_cancellable,
                                      looked_up_cb, self);

  return G_SOURCE_REMOVE;
}

static void
schedule_lookup (CpisSignInPage *self)
{
  if (self->keyring != KEYRING_AVAILABLE || self->no_prefill)
    return;

  g_clear_handle_id (&self->lookup_source, g_source_remove);
  self->lookup_source = g_timeout_add (LOOKUP_DELAY_MS, lookup_timeout_cb, self);
}

/* A remembered password belongs to one hub and user: when either changes,
 * it goes, and the keyring is asked again */
static void
identity_changed (CpisSignInPage *self)
{
  if (self->password_from_keyring)
    {
      set_row_text (self, self->password_row, "");
      self->password_from_keyring = FALSE;
    }

  self->no_prefill = FALSE;
  g_cancellable_cancel (self->lookup_cancellable);
  schedule_lookup (self);
}

/* Demo accounts */

static void
use_demo_account_cb (GtkButton      *button,
                     CpisSignInPage *self)
{
  CpisDemoAccount *account = g_object_get_data (G_OBJECT (button), "cpis-demo-account");

  g_return_if_fail (account != NULL);

  if (self->preset_hub_url != NULL)
    set_row_text (self, self->hub_row, self->preset_hub_url);
  set_row_text (self, self->username_row, account->username);
  set_row_text (self, self->password_row, account->password);
  self->password_from_keyring = FALSE;
  hide_error (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
}

static void
clear_demo_rows (CpisSignInPage *self)
{
  for (guint i = 0; i < self->demo_rows->len; i++)
    adw_preferences_group_remove (self->demo_group, g_ptr_array_index (self->demo_rows, i));
  g_ptr_array_set_size (self->demo_rows, 0);
}

static GtkWidget *
demo_account_row_new (CpisSignInPage     *self,
                      CpisDemoAccount *account)
{
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *subtitle = NULL;
  g_autofree char *button_name = NULL;
  const char *role = cpis_role_to_words (account->role);

  if (account->description != NULL && *account->description != '\0')
    subtitle = g_strdup_printf ("%s — %s", role != NULL ? role : "", account->description);
  else
    subtitle = g_strdup (role != NULL ? role : "");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->username);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  button = gtk_button_new_with_label (_("Use"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  button_name = g_strdup_printf (_("Use demo account %s"), account->username);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  gtk_widget_set_tooltip_text (button, button_name);
  g_object_set_data (G_OBJECT (button), "cpis-demo-account", account);
  g_signal_connect (button, "clicked", G_CALLBACK (use_demo_account_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  set_accessible_name (button, button_name);

  return row;
}

/* Template callbacks */

static void
hub_row_changed_cb (CpisSignInPage *self)
{
  if (!self->setting_text)
    identity_changed (self);
  else
    schedule_lookup (self);
}

static void
username_row_changed_cb (CpisSignInPage *self)
{
  if (!self->setting_text)
    identity_changed (self);
  else
    schedule_lookup (self);
}

static void
password_row_changed_cb (CpisSignInPage *self)
{
  if (!self->setting_text)
    self->password_from_keyring = FALSE;
}

static void
hub_row_entry_activated_cb (CpisSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

static void
username_row_entry_activated_cb (CpisSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_row_entry_activated_cb (CpisSignInPage *self)
{
  sign_in (self);
}

static void
sign_in_button_clicked_cb (CpisSignInPage *self)
{
  sign_in (self);
}

/* Overrides */

static void
cpis_sign_in_page_map (GtkWidget *widget)
{
  CpisSignInPage *self = CPIS_SIGN_IN_PAGE (widget);

  GTK_WIDGET_CLASS (cpis_sign_in_page_parent_class)->map (widget);

  if (!self->busy)
    focus_first_empty (self);
  scroll_to_notice (self);
}

static void
cpis_sign_in_page_dispose (GObject *object)
{
  CpisSignInPage *self = CPIS_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_handle_id (&self->lookup_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_SIGN_IN_PAGE);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cpis_sign_in_page_parent_class)->dispose (object);
}

static void
cpis_sign_in_page_finalize (GObject *object)
{
  CpisSignInPage *self = CPIS_SIGN_IN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->preset_hub_url, g_free);
  g_clear_pointer (&self->hub_url, g_free);
  g_clear_pointer (&self->demo_accounts, g_ptr_array_unref);
  g_clear_pointer (&self->demo_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cpis_sign_in_page_parent_class)->finalize (object);
}

static void
cpis_sign_in_page_class_init (CpisSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_sign_in_page_dispose;
  object_class->finalize = cpis_sign_in_page_finalize;
  widget_class->map = cpis_sign_in_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cpisdesktop/CpisDesktop/cpis-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, clamp);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, hub_row);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, CpisSignInPage, demo_group);
  gtk_widget_class_bind_template_callback (widget_class, hub_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hub_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cpis-sign-in-page");
}

static void
cpis_sign_in_page_init (CpisSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the profile's own icon: a development build's has its stripes */
  gtk_image_set_from_icon_name (self->app_icon, APPLICATION_ID);

  self->cancellable = g_cancellable_new ();
  self->demo_rows = g_ptr_array_new ();

  name_editable (self->hub_row, _("Hub address"));
  name_editable (self->username_row, _("User name"));
  name_editable (self->password_row, _("Password"));
  set_accessible_name (GTK_WIDGET (self->remember_switch), _("Remember password"));
  name_peek_button (self->password_row);
}

/* Public API */

CpisSignInPage *
cpis_sign_in_page_new (void)
{
  return g_object_new (CPIS_TYPE_SIGN_IN_PAGE, NULL);
}

void
cpis_sign_in_page_set_hub_url (CpisSignInPage *self,
                               const char     *hub_url)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));

  g_free (self->preset_hub_url);
  self->preset_hub_url = g_strdup (hub_url);
  set_row_text (self, self->hub_row, hub_url);
}

void
cpis_sign_in_page_set_username (CpisSignInPage *self,
                                const char     *username)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));

  set_row_text (self, self->username_row, username);
}

void
cpis_sign_in_page_set_demo_accounts (CpisSignInPage *self,
                                     GPtrArray      *accounts)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));

  clear_demo_rows (self);
  g_clear_pointer (&self->demo_accounts, g_ptr_array_unref);

  if (accounts == NULL || accounts->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->demo_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->demo_label), FALSE);
      return;
    }

  self->demo_accounts = g_ptr_array_ref (accounts);
  for (guint i = 0; i < accounts->len; i++)
    {
      GtkWidget *row = demo_account_row_new (self, g_ptr_array_index (accounts, i));

      adw_preferences_group_add (self->demo_group, row);
      g_ptr_array_add (self->demo_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), TRUE);
}

void
cpis_sign_in_page_reset (CpisSignInPage *self)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));

  if (self->busy)
    {
      /* Drop the sign-in in flight (the probe and lookups go on) */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  g_clear_pointer (&self->hub_url, g_free);
  set_busy (self, FALSE);

  /* A locked or signed-out session asks for the password: a remembered one
   * is not filled in again (that would undo the lock) */
  self->no_prefill = TRUE;
  g_clear_handle_id (&self->lookup_source, g_source_remove);
  g_cancellable_cancel (self->lookup_cancellable);

  set_row_text (self, self->password_row, "");
  self->password_from_keyring = FALSE;
  hide_error (self);

  focus_first_empty (self);
  scroll_to_notice (self);
}

void
cpis_sign_in_page_set_notice (CpisSignInPage *self,
                              const char     *notice)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->notice_label, notice != NULL ? notice : "");
  if (notice != NULL && *notice != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->notice_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, notice,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->notice_label),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL && *notice != '\0');
  scroll_to_notice (self);
}

void
cpis_sign_in_page_set_session (CpisSignInPage *self,
                               CpisSession    *session)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (CPIS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* is there a keyring to remember passwords in? */
  self->keyring = KEYRING_UNKNOWN;
  cpis_session_probe_keyring_async (session, self->cancellable, probed_cb, self);
}

void
cpis_sign_in_page_set_settings (CpisSignInPage *self,
                                GSettings      *settings)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}
