/* cpis-application.c: CP-IS Desktop, the application
 *
 * Decides which hub the sign-in page offers (--hub, the "hub-url" setting, or
 * the embedded demo hub), keeps the demo hub running for the application's
 * lifetime and stops it (deleting its database) on shutdown.
 */
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "cpis-application.h"
#include "cpis-check-command.h"
#include "cpis-hub-client.h"
#include "cpis-hub-embedded.h"
#include "cpis-preferences-window.h"
#include "cpis-window.h"

/* How many synthetic children the embedded demo hub is seeded with */
#define DEMO_CHILDREN 200

struct _CpisApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;     /* NULL when the schema is not installed */
  CpisHubEmbedded *demo_hub;
  GError          *demo_error;   /* why the demo hub did not start */
  char            *hub_url;      /* the hub offered on the sign-in page */
  guint            signal_sources[3];

  /* command line */
  char            *option_hub_url;
  gboolean         option_demo;
};

G_DEFINE_FINAL_TYPE (CpisApplication, cpis_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Use the embedded demo hub (synthetic data, deleted on exit)"), NULL },
  { "hub", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Use the hub at this FHIR base address, e.g. https://hub.example/cpis/FHIR/R4"), N_("URL") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "check", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Check a child without a window, print the answer and exit: 0 a record with plans, 1 no record, "
       "2 CP-IS could not be checked. The password is read from standard input, or is the one remembered"),
    N_("NHSNUMBER") },
  { "user", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --check: sign in as this user (else the last to sign in)"), N_("NAME") },
  { "scheduled", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --check: scheduled care, a silent read (not recorded, no notification)"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --check: print the answer as JSON"), NULL },
  /* never taken: said why, and how to give it */
  { "password", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL, NULL, NULL },
  { NULL }
};

/* Helpers */

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The GSettings schema %s is not installed (set GSETTINGS_SCHEMA_DIR when "
                 "running from the build folder); preferences will not be remembered",
                 APPLICATION_ID);
      return NULL;
    }

  return g_settings_new (APPLICATION_ID);
}

static void
start_demo_hub (CpisApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->demo_hub = cpis_hub_embedded_start (DEMO_CHILDREN, &error);
  if (self->demo_hub == NULL)
    {
      g_warning ("The demo hub could not be started: %s", error->message);
      self->demo_error = g_steal_pointer (&error);
      return;
    }

  g_free (self->hub_url);
  self->hub_url = g_strdup (cpis_hub_embedded_get_base_url (self->demo_hub));
  /* on the terminal, so a newcomer can watch the notifications arrive */
  g_print (_("Demo hub with synthetic data: %s\n"
             "Its database (deleted on exit): %s\n"
             "Notifications so far: cpis-hub notifications --db %s\n"),
           self->hub_url, cpis_hub_embedded_get_db_path (self->demo_hub),
           cpis_hub_embedded_get_db_path (self->demo_hub));
}

/* Actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CpisApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window saves its size and ends its session; the
   * application quits when the last one has gone */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CpisApplication *self = user_data;
  CpisPreferencesWindow *preferences = cpis_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CpisApplication *self = user_data;
  const char *developers[] = { _("The CP-IS Desktop developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("CP-IS Desktop"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The CP-IS Desktop developers"),
                        "developers", developers,
                        "copyright", _("© 2026 The CP-IS Desktop developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/cpisdesktop/cpis-desktop",
                        "issue-url", "https://github.com/cpisdesktop/cpis-desktop/issues",
                        /* Translators: your names, one per line, for the About window */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Child Protection – Information Sharing.\n\n"
                                      "Shows a clinician at once whether a child is on a child "
                                      "protection plan or looked after, with the local "
                                      "authority's numbers, and tells the local authority that "
                                      "the child attended.\n\n"
                                      "The demo hub holds synthetic data only: no real child, "
                                      "family or worker is in it."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* SIGINT, SIGTERM, SIGHUP: end as Ctrl+Q would, so that the demo hub's
 * database is deleted and no session outlives the application */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  CpisApplication *self = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
};

/* --check: no window, no display, no registration on the session bus */
static int
run_check (GVariantDict *options)
{
  g_autoptr(GSettings) settings = NULL;
  CpisCheckCommand command = { 0 };

  if (g_variant_dict_contains (options, "demo"))
    {
      g_printerr (_("cpis-desktop: --check needs a hub of its own (--hub URL): the demo hub lives in the window\n"));
      return CPIS_CHECK_EXIT_NOT_CHECKED;
    }
  g_variant_dict_lookup (options, "check", "&s", &command.nhs_number);
  g_variant_dict_lookup (options, "hub", "&s", &command.hub_url);
  g_variant_dict_lookup (options, "user", "&s", &command.username);
  command.scheduled = g_variant_dict_contains (options, "scheduled");
  command.json = g_variant_dict_contains (options, "json");

  /* quietly without a schema: --hub and --user then say what it would */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source != NULL
                                        ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)
                                        : NULL;

    if (schema != NULL)
      settings = g_settings_new (APPLICATION_ID);
  }
  return cpis_check_command_run (&command, settings);
}

/* Overrides */

static void
color_scheme_changed_cb (CpisApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static int
cpis_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  CpisApplication *self = CPIS_APPLICATION (application);
  const char *hub_url = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("cpis-desktop %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "password"))
    {
      g_printerr (_("cpis-desktop: a password is never taken from the command line, where other users can read "
                    "it: pass it on standard input (echo PASSWORD | cpis-desktop --check NHSNUMBER --user NAME), "
                    "or sign in once in the window and have it remembered\n"));
      return CPIS_CHECK_EXIT_NOT_CHECKED;
    }

  if (g_variant_dict_contains (options, "check"))
    return run_check (options);
  if (g_variant_dict_contains (options, "user") || g_variant_dict_contains (options, "scheduled") ||
      g_variant_dict_contains (options, "json"))
    {
      g_printerr (_("cpis-desktop: --user, --scheduled and --json go with --check NHSNUMBER\n"));
      return 1;
    }

  if (g_variant_dict_lookup (options, "hub", "&s", &hub_url))
    {
      if (!cpis_hub_client_check_base_url (hub_url, NULL))
        {
          g_printerr (_("cpis-desktop: “%s” is not a hub address: give its FHIR base address, "
                        "e.g. https://hub.example/cpis/FHIR/R4\n"),
                      hub_url);
          return 1;
        }
      g_free (self->option_hub_url);
      self->option_hub_url = g_strdup (hub_url);
    }

  self->option_demo = g_variant_dict_contains (options, "demo");
  if (self->option_demo && self->option_hub_url != NULL)
    {
      g_printerr (_("cpis-desktop: --demo and --hub cannot be used together\n"));
      return 1;
    }

  return -1;
}

static void
cpis_application_startup (GApplication *application)
{
  CpisApplication *self = CPIS_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  g_autofree char *saved_hub_url = NULL;

  G_APPLICATION_CLASS (cpis_application_parent_class)->startup (application);

  g_set_application_name (_("CP-IS Desktop"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    {
      saved_hub_url = g_settings_get_string (self->settings, "hub-url");
      /* the style chosen in Preferences, at once and whenever it changes */
      g_signal_connect_object (self->settings, "changed::color-scheme", G_CALLBACK (color_scheme_changed_cb), self,
                               G_CONNECT_SWAPPED);
      color_scheme_changed_cb (self);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  self->signal_sources[0] = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_on_signal_cb, self);

  if (self->option_demo)
    start_demo_hub (self);
  else if (self->option_hub_url != NULL)
    self->hub_url = g_strdup (self->option_hub_url);
  else if (saved_hub_url != NULL && *saved_hub_url != '\0')
    self->hub_url = g_steal_pointer (&saved_hub_url);
  else
    start_demo_hub (self);
}

static void
cpis_application_activate (GApplication *application)
{
  CpisApplication *self = CPIS_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      window = GTK_WINDOW (cpis_window_new (self));

      if (self->demo_error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The demo hub could not be started: %s"),
                                                      self->demo_error->message);
          GtkWidget *dialog = adw_message_dialog_new (window, _("No Demo Hub"), message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (window);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
    }

  gtk_window_present (window);
}

static void
cpis_application_shutdown (GApplication *application)
{
  CpisApplication *self = CPIS_APPLICATION (application);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_APPLICATION_CLASS (cpis_application_parent_class)->shutdown (application);

  /* The windows have gone; the demo hub's database goes with it */
  if (self->demo_hub != NULL)
    cpis_hub_embedded_stop (self->demo_hub);
  g_clear_object (&self->demo_hub);
}

static void
cpis_application_finalize (GObject *object)
{
  CpisApplication *self = CPIS_APPLICATION (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  if (self->demo_hub != NULL)
    cpis_hub_embedded_stop (self->demo_hub);
  g_clear_object (&self->demo_hub);
  g_clear_object (&self->settings);
  g_clear_error (&self->demo_error);
  g_clear_pointer (&self->hub_url, g_free);
  g_clear_pointer (&self->option_hub_url, g_free);

  G_OBJECT_CLASS (cpis_application_parent_class)->finalize (object);
}

static void
cpis_application_class_init (CpisApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cpis_application_finalize;
  app_class->handle_local_options = cpis_application_handle_local_options;
  app_class->startup = cpis_application_startup;
  app_class->activate = cpis_application_activate;
  app_class->shutdown = cpis_application_shutdown;
}

static void
cpis_application_init (CpisApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Child Protection – Information Sharing: check a child, "
                                              "see the alert and the access history."));
}

/* Public API */

CpisApplication *
cpis_application_new (void)
{
  return g_object_new (CPIS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/cpisdesktop/CpisDesktop",
                       /* so that GTK follows the screen saver, and the
                        * window locks with the screen */
                       "register-session", TRUE,
                       NULL);
}

const char *
cpis_application_get_hub_url (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);

  return self->hub_url;
}

GPtrArray *
cpis_application_get_demo_accounts (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);

  if (self->demo_hub == NULL)
    return NULL;
  return cpis_hub_embedded_get_demo_accounts (self->demo_hub);
}

GStrv
cpis_application_get_demo_examples (CpisApplication *self,
                                    gboolean         with_plan)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);

  if (self->demo_hub == NULL)
    return NULL;
  return cpis_hub_embedded_get_examples (self->demo_hub, with_plan);
}

/* A demo example's kind (cpis_hub_embedded_get_example_kinds) in words: who
 * the NHS number belongs to (an unborn child's plan is the mother's) and
 * what checking it shows */
static const char *
example_kind_in_words (const char *kind)
{
  static const struct { const char *kind; const char *words; } kinds[] = {
    { "cpp", N_("a child with a child protection plan") },
    { "lac", N_("a looked-after child") },
    { "ended-and-active", N_("a child with an ended plan and an active one") },
    { "ended-only", N_("a child whose only plan has ended") },
    { "ucpp-past-due", N_("an expectant mother whose unborn child plan is past its due date") },
    { "ucpp", N_("an expectant mother with an unborn child plan") },
    { "two-councils", N_("a child with plans from two councils") },
    { "restricted", N_("a child with a plan and a restricted demographics record") },
    { "superseded", N_("a child whose NHS number has been replaced") },
    { "no-record", N_("a child with no record") },
    { "name-differs", N_("a child with a plan uploaded under another name") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].words);

  return _("a child with a plan");
}

GStrv
cpis_application_dup_demo_example_descriptions (CpisApplication *self,
                                                gboolean         with_plan)
{
  g_autoptr(GStrvBuilder) descriptions = NULL;
  GStrv kinds;

  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);

  if (self->demo_hub == NULL)
    return NULL;

  kinds = cpis_hub_embedded_get_example_kinds (self->demo_hub, with_plan);
  descriptions = g_strv_builder_new ();
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    g_strv_builder_add (descriptions, example_kind_in_words (kinds[i]));

  return g_strv_builder_end (descriptions);
}

GSettings *
cpis_application_get_settings (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);

  return self->settings;
}
