/* cpis-window.c: the one window: sign-in page, then the view for the user's role
 *
 * The window presents one CpisSession: the sign-in page signs it in, the
 * view for the user's role follows it, and the window shows who is signed
 * in, asks for the password when the hub ends the session, and ends it on
 * lock, sign-out, or a long enough time without any key or pointer activity.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "cpis-clinician-strings-private.h"
#include "cpis-clinician-view.h"
#include "cpis-partnership-view.h"
#include "cpis-social-worker-view.h"
#include "cpis-session.h"
#include "cpis-sign-in-page.h"
#include "cpis-window-private.h"
#include "cpis-window.h"

#include "cpis-accessible-stack.h"

/* Why a session was locked: the sign-in page says so */
typedef enum
{
  LOCKED_BY_HAND,
  LOCKED_IDLE,
  LOCKED_WITH_SCREEN,
} LockReason;

struct _CpisWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *main_menu_button;
  GtkMenuButton        *account_button;
  GtkStack             *stack;
  CpisSignInPage       *sign_in_page;
  CpisClinicianView    *clinician_view;
  CpisSocialWorkerView *social_worker_view;
  CpisPartnershipView  *partnership_view;
  AdwStatusPage        *administrator_page;

  GSettings            *settings;      /* NULL when the schema is not installed */
  GCancellable         *cancellable;   /* cancelled in dispose */

  CpisSession          *session;
  LockReason            lock_reason;       /* why the lock in progress */
  guint                 lock_idle_minutes; /* for LOCKED_IDLE */

  /* idle lock */
  gint64                last_activity; /* monotonic µs */
  guint                 idle_source;

  AdwMessageDialog     *reauth_dialog;
  gboolean              reauth_busy;
};

G_DEFINE_FINAL_TYPE (CpisWindow, cpis_window, ADW_TYPE_APPLICATION_WINDOW)

static void arm_idle_lock (CpisWindow *self);
static void present_reauth_dialog (CpisWindow *self,
                                   const char *problem);
static void close_reauth_dialog (CpisWindow *self);
static void lock_session (CpisWindow *self,
                          LockReason  reason,
                          guint       idle_minutes);
static void ask_to_forget_password (CpisWindow *self,
                                    const char *hub_url,
                                    const char *username);

/* Helpers */

/* "Sam Taylor", "Staff nurse, Northgate General Hospital" */
static char *
describe_user (CpisUserInfo *user)
{
  const char *job = cpis_user_info_get_job_role (user);
  const char *org = cpis_user_info_get_organisation_name (user);

  if (job == NULL || *job == '\0')
    job = cpis_role_to_words (cpis_user_info_get_role (user));

  if (org != NULL && *org != '\0')
    return g_strdup_printf (_("%s, %s"), job, org);
  return g_strdup (job);
}

static const char *
user_display_name (CpisUserInfo *user)
{
  const char *name = cpis_user_info_get_full_name (user);

  if (name == NULL || *name == '\0')
    name = cpis_user_info_get_username (user);
  return name != NULL ? name : "";
}

static void
toast (CpisWindow *self,
       const char *title)
{
  AdwToast *t = adw_toast_new (title);

  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
update_actions (CpisWindow *self)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);
  gboolean signed_in = cpis_session_is_signed_in (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-search",
                                 signed_in && user != NULL &&
                                   (cpis_user_info_get_role (user) == CPIS_ROLE_CLINICIAN ||
                                    cpis_user_info_get_role (user) == CPIS_ROLE_SOCIAL_WORKER));
}

static void
show_user_in_header (CpisWindow *self)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);

  if (user == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_widget_set_visible (GTK_WIDGET (self->account_button), FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->account_button),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      g_autofree char *details = describe_user (user);
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s"), user_display_name (user), details);
      g_autofree char *tooltip = g_strdup_printf (_("Signed in as %s"), subtitle);

      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                      -1);
      gtk_widget_set_visible (GTK_WIDGET (self->account_button), TRUE);
    }
}

/* What the sign-in page says when a session has been locked, by hand, after
 * @idle_minutes without activity, or with the screen: whose session it was,
 * so that the next person at a shared computer knows it is not theirs, and
 * that nothing it fetched is left */
static char *
describe_locked_session (CpisUserInfo *user,
                         LockReason    reason,
                         guint         idle_minutes)
{
  const char *full_name = cpis_user_info_get_full_name (user);
  const char *username = cpis_user_info_get_username (user);

  if (username == NULL)
    username = "";

  if (full_name != NULL && *full_name != '\0')
    switch (reason)
      {
      case LOCKED_IDLE:
        /* Translators: the user's full name, their user name, then the minutes */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s's session (%s) was locked after %u minute "
                                             "without activity. What it fetched has been "
                                             "cleared. Enter your password to carry on.",
                                             "%s's session (%s) was locked after %u minutes "
                                             "without activity. What it fetched has been "
                                             "cleared. Enter your password to carry on.",
                                             idle_minutes),
                                full_name, username, idle_minutes);
      case LOCKED_WITH_SCREEN:
        /* Translators: the user's full name, then their user name */
        return g_strdup_printf (_("%s's session (%s) was locked when the screen locked. What "
                                  "it fetched has been cleared. Enter your password to carry "
                                  "on."),
                                full_name, username);
      case LOCKED_BY_HAND:
      default:
        /* Translators: the user's full name, then their user name */
        return g_strdup_printf (_("%s's session (%s) is locked. What it fetched has been "
                                  "cleared. Enter your password to carry on."),
                                full_name, username);
      }

  switch (reason)
    {
    case LOCKED_IDLE:
      /* Translators: the user name, then the minutes */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The session of %s was locked after %u minute "
                                           "without activity. What it fetched has been "
                                           "cleared. Enter your password to carry on.",
                                           "The session of %s was locked after %u minutes "
                                           "without activity. What it fetched has been "
                                           "cleared. Enter your password to carry on.",
                                           idle_minutes),
                              username, idle_minutes);
    case LOCKED_WITH_SCREEN:
      /* Translators: the user name */
      return g_strdup_printf (_("The session of %s was locked when the screen locked. What it "
                                "fetched has been cleared. Enter your password to carry on."),
                              username);
    case LOCKED_BY_HAND:
    default:
      /* Translators: the user name */
      return g_strdup_printf (_("The session of %s is locked. What it fetched has been "
                                "cleared. Enter your password to carry on."),
                              username);
    }
}

static void
describe_placeholder (CpisWindow    *self,
                      AdwStatusPage *page,
                      const char    *what_it_will_do)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);
  g_autofree char *details = describe_user (user);
  g_autofree char *description =
    g_strdup_printf (_("%s\n\nYou are signed in as %s (%s, %s)."),
                     what_it_will_do,
                     user_display_name (user),
                     cpis_role_to_words (cpis_user_info_get_role (user)),
                     details);

  adw_status_page_set_description (page, description);
}

/* The session ended (sign-out, lock, or a role with no view): back to the
 * sign-in page, saying why */
static void
session_ended_cb (CpisWindow     *self,
                  CpisSessionEnd  why,
                  CpisUserInfo   *user,
                  const char     *hub_url)
{
  const char *username = user != NULL ? cpis_user_info_get_username (user) : NULL;
  g_autofree char *notice = NULL;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  close_reauth_dialog (self);
  self->reauth_busy = FALSE;

  adw_status_page_set_description (self->administrator_page, NULL);

  show_user_in_header (self);
  update_actions (self);
  cpis_accessible_stack_show (self->stack, "sign-in");

  switch (why)
    {
    case CPIS_SESSION_END_LOCKED:
      if (username != NULL)
        cpis_sign_in_page_set_username (self->sign_in_page, username);
      notice = user != NULL ? describe_locked_session (user, self->lock_reason,
                                                       self->lock_idle_minutes)
                            : g_strdup (_("The session is locked. What it fetched has been "
                                          "cleared. Enter your password to carry on."));
      cpis_sign_in_page_set_notice (self->sign_in_page, notice);
      cpis_sign_in_page_reset (self->sign_in_page);
      break;

    case CPIS_SESSION_END_SIGNED_OUT:
      cpis_sign_in_page_set_notice (self->sign_in_page, _("Signed out."));
      cpis_sign_in_page_reset (self->sign_in_page);
      if (username != NULL && hub_url != NULL)
        ask_to_forget_password (self, hub_url, username);
      break;

    case CPIS_SESSION_END_CLOSED:
    default:
      break;
    }
}

/* A role this application has no view for: nothing to show, so the
 * session ends at once, saying so */
static void
refuse_unknown_role (CpisWindow   *self,
                     CpisUserInfo *user)
{
  g_autofree char *notice =
    g_strdup_printf (_("The account %s has a role this application does not know, so there is "
                       "nothing to show. Ask your administrator."),
                     cpis_user_info_get_username (user));

  cpis_session_end (self->session, CPIS_SESSION_END_CLOSED);
  cpis_sign_in_page_set_notice (self->sign_in_page, notice);
  cpis_sign_in_page_reset (self->sign_in_page);
}

/* Signed in: the view for the user's role */
static void
session_started_cb (CpisWindow *self)
{
  CpisUserInfo *user = cpis_session_get_user (self->session);
  g_autoptr(CpisUserInfo) held = user != NULL ? g_object_ref (user) : NULL;
  const char *page_name = NULL;

  cpis_sign_in_page_set_notice (self->sign_in_page, NULL);
  show_user_in_header (self);

  switch (user != NULL ? cpis_user_info_get_role (user) : CPIS_ROLE_UNKNOWN)
    {
    case CPIS_ROLE_CLINICIAN:
      page_name = "clinician";
      break;
    case CPIS_ROLE_SOCIAL_WORKER:
      page_name = "social-worker";
      break;
    case CPIS_ROLE_PARTNERSHIP_OFFICER:
      page_name = "partnership";
      break;
    case CPIS_ROLE_ADMINISTRATOR:
      page_name = "administrator";
      describe_placeholder (self, self->administrator_page,
                            _("Here an administrator will manage the hub's organisations, users "
                              "and plan uploads."));
      break;
    case CPIS_ROLE_UNKNOWN:
    default:
      break;
    }

  if (page_name == NULL)
    {
      if (held != NULL)
        refuse_unknown_role (self, held);
      return;
    }

  cpis_accessible_stack_show (self->stack, page_name);
  update_actions (self);

  if (g_str_equal (page_name, "clinician"))
    cpis_clinician_view_focus_search (self->clinician_view);

  self->last_activity = g_get_monotonic_time ();
  arm_idle_lock (self);
}

/* The hub ended the session (a view met 401): ask for the password */
static void
session_state_changed_cb (CpisWindow *self)
{
  if (cpis_session_get_state (self->session) == CPIS_SESSION_EXPIRED)
    present_reauth_dialog (self, NULL);
  update_actions (self);
}

/* Locking */

/* Ends the session and asks for its user's password again, saying whose
 * session it was and why it ended (@idle_minutes: for LOCKED_IDLE) */
static void
lock_session (CpisWindow *self,
              LockReason  reason,
              guint       idle_minutes)
{
  self->lock_reason = reason;
  self->lock_idle_minutes = idle_minutes;
  cpis_session_end (self->session, CPIS_SESSION_END_LOCKED);
}

/* The desktop's screen lock locks the session too: a ward computer locked
 * by its owner must not open again on what a child's check showed. Only
 * the screen going on locks; its going off leaves the password to type
 * (GtkApplication follows the screen saver only with register-session). */
static void
screensaver_active_cb (CpisWindow     *self,
                       GParamSpec     *pspec,
                       GtkApplication *application)
{
  gboolean active = FALSE;

  g_object_get (application, "screensaver-active", &active, NULL);
  if (active && cpis_session_get_state (self->session) != CPIS_SESSION_SIGNED_OUT)
    lock_session (self, LOCKED_WITH_SCREEN, 0);
}

/* Idle lock */

static guint
idle_lock_seconds (CpisWindow *self)
{
  guint minutes = 5;

  if (self->settings != NULL)
    minutes = g_settings_get_uint (self->settings, "idle-lock-minutes");
  return MAX (minutes, 1) * 60;
}

static gboolean
idle_lock_cb (gpointer user_data)
{
  CpisWindow *self = user_data;
  gint64 limit = (gint64) idle_lock_seconds (self) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;

  if (idle >= limit)
    lock_session (self, LOCKED_IDLE, idle_lock_seconds (self) / 60);
  else
    arm_idle_lock (self);

  return G_SOURCE_REMOVE;
}

/* One timer for the whole idle period, moved on only when it fires: activity
 * itself costs a clock read, nothing more */
static void
arm_idle_lock (CpisWindow *self)
{
  gint64 limit = (gint64) idle_lock_seconds (self) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;
  gint64 remaining = MAX (limit - idle, 0);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add ((guint) (remaining / 1000) + 1, idle_lock_cb, self);
}

/* A new idle period applies at once to the session in progress: the timer is
 * moved so that it fires when the new period is up (at once if it already is) */
static void
idle_lock_minutes_changed_cb (CpisWindow *self,
                              const char *key,
                              GSettings  *settings)
{
  if (self->idle_source != 0)
    arm_idle_lock (self);
}

static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             CpisWindow               *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Re-authentication after the hub ended the session */

/* Why signing in again failed; when the hub could not be asked, also that
 * CP-IS cannot be checked meanwhile, in the clinician view's words */
char *
_cpis_window_describe_reauth_error (const GError *error)
{
  g_autofree char *failed = NULL;
  const char *reason = NULL;

  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_CREDENTIALS))
    return g_strdup (_("The password is not correct."));
  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED))
    return g_strdup_printf (_("Signing in failed: %s"), error->message);

  if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREACHABLE))
    reason = _("The hub could not be reached. Check your network.");
  else if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TIMEOUT))
    reason = _("The hub did not answer in time.");
  else if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TLS))
    reason = error->message; /* the problem and the certificate presented */

  if (reason != NULL)
    return g_strdup_printf ("%s %s %s", reason,
                            _("Until you can sign in again, CP-IS cannot be checked."),
                            _(CPIS_TEXT_NOT_THE_SAME_AS_NO_RECORD));

  failed = g_strdup_printf (_("Signing in failed: %s"), error->message);
  return g_strdup_printf ("%s %s", failed,
                          _("Until you can sign in again, CP-IS cannot be checked."));
}

static void
reauthenticated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CpisWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled, or the session ended meanwhile (its new token is revoked) */
  if (!cpis_session_sign_in_again_finish (CPIS_SESSION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reauth_busy = FALSE;

  if (error != NULL)
    {
      g_autofree char *problem = _cpis_window_describe_reauth_error (error);

      present_reauth_dialog (self, problem);
      return;
    }

  /* the view repeats the check that met 401 as the session comes back */
  toast (self, _("Signed in again"));
  self->last_activity = g_get_monotonic_time ();
}

static void
reauth_dialog_destroyed_cb (GtkWidget  *dialog,
                            CpisWindow *self)
{
  if (self->reauth_dialog == ADW_MESSAGE_DIALOG (dialog))
    self->reauth_dialog = NULL;
}

/* Takes the focus out of the password entry whenever the dialog goes off
 * screen, however it goes (a response, the window closing, the application
 * quitting). A GtkWindow's dispose unparents its child before it lets go of
 * the focus, and GTK 4.8's GtkPasswordEntry does not disconnect from its text
 * when disposed: the text, still focused, then tells the freed entry it lost
 * the focus ("invalid unclassed pointer in cast to GtkPasswordEntry"). */
static void
reauth_dialog_unmapped_cb (GtkWindow *dialog)
{
  gtk_window_set_focus (dialog, NULL);
}

static void
close_reauth_dialog (CpisWindow *self)
{
  AdwMessageDialog *dialog = g_steal_pointer (&self->reauth_dialog);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
reauthenticate (CpisWindow       *self,
                AdwMessageDialog *dialog,
                const char       *response,
                const char       *password);

static void
reauth_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           CpisWindow       *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  char *password = g_strdup (gtk_editable_get_text (entry));

  reauthenticate (self, dialog, response, password);

  /* the client keeps its own copy as long as it needs it */
  memset (password, 0, strlen (password));
  g_free (password);
}

static void
reauthenticate (CpisWindow       *self,
                AdwMessageDialog *dialog,
                const char       *response,
                const char       *password)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  /* The dialog closes itself after a response */
  if (self->reauth_dialog == dialog)
    self->reauth_dialog = NULL;

  gtk_editable_set_text (entry, "");

  if (g_str_equal (response, "sign-out"))
    {
      cpis_window_sign_out (self);
      return;
    }

  if (!g_str_equal (response, "sign-in") || !cpis_session_is_signed_in (self->session))
    return;

  if (*password == '\0')
    {
      present_reauth_dialog (self, _("Enter your password."));
      return;
    }

  self->reauth_busy = TRUE;
  cpis_session_sign_in_again_async (self->session, password, self->cancellable,
                                    reauthenticated_cb, self);
}

static void
present_reauth_dialog (CpisWindow *self,
                       const char *problem)
{
  g_autofree char *body = NULL;
  g_autofree char *intro = NULL;
  CpisUserInfo *user = cpis_session_get_user (self->session);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (user == NULL || self->reauth_busy)
    return;

  intro = g_strdup_printf (_("The hub ended the session. Enter the password for %s to carry on: "
                             "what you typed is kept."),
                           cpis_user_info_get_username (user));
  if (problem != NULL)
    body = g_strdup_printf ("%s\n\n%s", problem, intro);
  else
    body = g_steal_pointer (&intro);

  /* Already asking: say what is new, keep what is typed */
  if (self->reauth_dialog != NULL)
    {
      adw_message_dialog_set_body (self->reauth_dialog, body);
      gtk_window_present (GTK_WINDOW (self->reauth_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Session Expired"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "sign-out", _("Sign _Out"),
                                    "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign in"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-in",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign-in");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (reauth_dialog_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (reauth_dialog_destroyed_cb), self, 0);
  g_signal_connect (dialog, "unmap", G_CALLBACK (reauth_dialog_unmapped_cb), NULL);
  self->reauth_dialog = ADW_MESSAGE_DIALOG (dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Forgetting a saved password on sign-out */

typedef struct
{
  CpisWindow *self;   /* not a reference: self->cancellable is cancelled in dispose */
  char       *hub_url;
  char       *username;
} SavedLogin;

static void
saved_login_free (SavedLogin *login)
{
  g_free (login->hub_url);
  g_free (login->username);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SavedLogin, saved_login_free)

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CpisWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cpis_session_forget_password_finish (CPIS_SESSION (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The saved password could not be forgotten: %s"), error->message);
      toast (self, message);
      return;
    }

  toast (self, _("Saved password forgotten"));
}

static void
forget_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           CpisWindow       *self)
{
  SavedLogin *login = g_object_get_data (G_OBJECT (dialog), "cpis-saved-login");

  if (!g_str_equal (response, "forget") || login == NULL)
    return;

  cpis_session_forget_password_async (self->session, login->hub_url, login->username,
                                      self->cancellable, forgotten_cb, self);
}

static void
saved_password_looked_up_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(SavedLogin) login = user_data;
  CpisWindow *self = login->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  password = cpis_session_lookup_password_finish (CPIS_SESSION (source), result, &error);
  if (password == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not tell whether a password is saved: %s", error->message);
      return;
    }
  memset (password, 0, strlen (password));

  /* Someone signed in again meanwhile: not the moment to ask */
  if (cpis_session_is_signed_in (self->session))
    return;

  body = g_strdup_printf (_("The password for %s is saved in this desktop's keyring, so this "
                            "account can sign in here without typing it. Forget it, so that the "
                            "next sign-in asks for it?"),
                          login->username);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Forget saved password?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  login->self = NULL;
  g_object_set_data_full (G_OBJECT (dialog), "cpis-saved-login",
                          g_steal_pointer (&login), (GDestroyNotify) saved_login_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_to_forget_password (CpisWindow *self,
                        const char *hub_url,
                        const char *username)
{
  SavedLogin *login = g_new0 (SavedLogin, 1);

  login->self = self;
  login->hub_url = g_strdup (hub_url);
  login->username = g_strdup (username);
  cpis_session_lookup_password_async (self->session, hub_url, username, self->cancellable,
                                      saved_password_looked_up_cb, login);
}

/* Overrides and callbacks */

static void
lock_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cpis_window_lock (CPIS_WINDOW (widget));
}

static void
sign_out_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cpis_window_sign_out (CPIS_WINDOW (widget));
}

static void
focus_search_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CpisWindow *self = CPIS_WINDOW (widget);

  GtkWidget *shown = gtk_stack_get_visible_child (self->stack);

  if (!cpis_session_is_signed_in (self->session))
    return;
  if (shown == GTK_WIDGET (self->clinician_view))
    cpis_clinician_view_focus_search (self->clinician_view);
  else if (shown == GTK_WIDGET (self->social_worker_view))
    cpis_social_worker_view_focus_search (self->social_worker_view);
}

/* The help page of the view shown (help/C/PAGE.page) */
const char *
_cpis_window_get_help_page (CpisWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  if (g_strcmp0 (shown, "clinician") == 0)
    return "check-a-child";
  if (g_strcmp0 (shown, "social-worker") == 0)
    return "notifications";
  if (g_strcmp0 (shown, "partnership") == 0)
    return "area-figures";
  return "index";
}

static void
help_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CpisWindow *self = CPIS_WINDOW (widget);
  g_autofree char *uri = g_strconcat ("help:cpis-desktop/", _cpis_window_get_help_page (self), NULL);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static gboolean
cpis_window_close_request (GtkWindow *window)
{
  CpisWindow *self = CPIS_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  cpis_session_end (self->session, CPIS_SESSION_END_CLOSED);

  return GTK_WINDOW_CLASS (cpis_window_parent_class)->close_request (window);
}

static gboolean
key_pressed_cb (CpisWindow      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  if (gtk_stack_get_visible_child (self->stack) != GTK_WIDGET (self->clinician_view))
    return GDK_EVENT_PROPAGATE;

  return cpis_clinician_view_take_typed_key (self->clinician_view, keyval, state);
}

/* The application is set after construction (it is not a construct
 * property), so the hub and the settings are taken when it arrives */
static void
application_changed_cb (CpisWindow *self,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  CpisApplication *cpis_app;
  GSettings *settings;
  g_auto(GStrv) with_plan = NULL;
  g_auto(GStrv) without_plan = NULL;

  if (!CPIS_IS_APPLICATION (app) || self->settings != NULL)
    return;

  cpis_app = CPIS_APPLICATION (app);
  g_signal_connect_object (app, "notify::screensaver-active", G_CALLBACK (screensaver_active_cb),
                           self, G_CONNECT_SWAPPED);
  cpis_sign_in_page_set_hub_url (self->sign_in_page, cpis_application_get_hub_url (cpis_app));
  cpis_sign_in_page_set_demo_accounts (self->sign_in_page,
                                       cpis_application_get_demo_accounts (cpis_app));
  cpis_clinician_view_set_examples (self->clinician_view,
                                    (const char * const *) cpis_application_get_demo_examples (cpis_app, TRUE),
                                    (const char * const *) cpis_application_get_demo_examples (cpis_app, FALSE));
  with_plan = cpis_application_dup_demo_example_descriptions (cpis_app, TRUE);
  without_plan = cpis_application_dup_demo_example_descriptions (cpis_app, FALSE);
  cpis_clinician_view_set_example_descriptions (self->clinician_view,
                                                (const char * const *) with_plan,
                                                (const char * const *) without_plan);

  settings = cpis_application_get_settings (cpis_app);
  if (settings != NULL)
    {
      g_autofree char *username = g_settings_get_string (settings, "username");

      self->settings = g_object_ref (settings);
      cpis_sign_in_page_set_settings (self->sign_in_page, settings);
      cpis_clinician_view_set_settings (self->clinician_view, settings);
      g_settings_bind (settings, "demographics-url", self->session, "demographics-url",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "trusted-certificate", self->session, "trusted-certificate",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "workstation-care-setting", self->session, "workstation-care",
                       G_SETTINGS_BIND_GET);
      g_signal_connect_object (settings, "changed::idle-lock-minutes",
                               G_CALLBACK (idle_lock_minutes_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      if (*username != '\0')
        cpis_sign_in_page_set_username (self->sign_in_page, username);
    }
}

static void
cpis_window_dispose (GObject *object)
{
  CpisWindow *self = CPIS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  close_reauth_dialog (self);

  /* the session ends with its window: nothing it fetched stays in memory,
   * and its token is revoked */
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      cpis_session_end (self->session, CPIS_SESSION_END_CLOSED);
      g_clear_object (&self->session);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_WINDOW);

  G_OBJECT_CLASS (cpis_window_parent_class)->dispose (object);
}

static void
cpis_window_finalize (GObject *object)
{
  CpisWindow *self = CPIS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cpis_window_parent_class)->finalize (object);
}

static void
cpis_window_class_init (CpisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cpis_window_dispose;
  object_class->finalize = cpis_window_finalize;
  window_class->close_request = cpis_window_close_request;

  g_type_ensure (CPIS_TYPE_SIGN_IN_PAGE);
  g_type_ensure (CPIS_TYPE_CLINICIAN_VIEW);
  g_type_ensure (CPIS_TYPE_SOCIAL_WORKER_VIEW);
  g_type_ensure (CPIS_TYPE_PARTNERSHIP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cpisdesktop/CpisDesktop/cpis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, clinician_view);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, social_worker_view);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, partnership_view);
  gtk_widget_class_bind_template_child (widget_class, CpisWindow, administrator_page);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action_cb);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action_cb);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action_cb);
  /* the help of the view shown, in the desktop's help viewer */
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.lock", NULL);
}

static void
cpis_window_init (CpisWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* a development build's header bar is striped: never mistaken for the real one */
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 760);

  self->session = cpis_session_new ();
  g_signal_connect_swapped (self->session, "started", G_CALLBACK (session_started_cb), self);
  g_signal_connect_swapped (self->session, "ended", G_CALLBACK (session_ended_cb), self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (session_state_changed_cb), self);
  cpis_sign_in_page_set_session (self->sign_in_page, self->session);
  cpis_clinician_view_set_session (self->clinician_view, self->session);
  cpis_social_worker_view_set_session (self->social_worker_view, self->session);
  cpis_partnership_view_set_session (self->partnership_view, self->session);

  /* Any key or pointer activity anywhere in the window keeps the session open */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "cpis-idle-activity");
  g_signal_connect (controller, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* A scan that begins with the focus in the header bar still reaches the
   * NHS number field (inside the view, the view sees to it) */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "cpis-typed-anywhere");
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  update_actions (self);
}

/* Public API */

CpisWindow *
cpis_window_new (CpisApplication *application)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (application), NULL);

  return g_object_new (CPIS_TYPE_WINDOW, "application", application, NULL);
}

void
cpis_window_lock (CpisWindow *self)
{
  g_return_if_fail (CPIS_IS_WINDOW (self));

  lock_session (self, LOCKED_BY_HAND, 0);
}

void
cpis_window_sign_out (CpisWindow *self)
{
  g_return_if_fail (CPIS_IS_WINDOW (self));

  cpis_session_end (self->session, CPIS_SESSION_END_SIGNED_OUT);
}

CpisSession *
_cpis_window_get_session (CpisWindow *self)
{
  g_return_val_if_fail (CPIS_IS_WINDOW (self), NULL);

  return self->session;
}

CpisSessionStore *
_cpis_window_get_session_store (CpisWindow *self)
{
  g_return_val_if_fail (CPIS_IS_WINDOW (self), NULL);

  return cpis_session_get_store (self->session);
}

CpisHubClient *
_cpis_window_get_client (CpisWindow *self)
{
  g_return_val_if_fail (CPIS_IS_WINDOW (self), NULL);

  return cpis_session_get_client (self->session);
}

void
_cpis_window_backdate_activity (CpisWindow *self,
                                guint       seconds)
{
  g_return_if_fail (CPIS_IS_WINDOW (self));

  self->last_activity -= (gint64) seconds * G_USEC_PER_SEC;
  if (self->idle_source != 0)
    arm_idle_lock (self);
}
