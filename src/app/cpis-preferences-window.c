/* cpis-preferences-window.c: the preferences (idle lock, scanner, hub address)
 *
 * How many idle minutes lock the session, bound both ways to
 * "idle-lock-minutes"; whether the barcode scanner ends with Tab
 * ("scanner-ends-with-tab"); and the hub's address, which the user applies
 * with Enter or the apply button and which is saved to "hub-url" only when
 * the client would accept it (https, or http on this computer; or empty, for
 * the demo hub); the trusted certificate, the style, and whether this
 * workstation is in unscheduled or scheduled care where the organisation has
 * both ("workstation-care-setting"). Without settings (schema not installed) the rows are shown
 * but cannot be changed, and say why.
 */
#include <glib/gi18n.h>

#include "cpis-hub-client.h"
#include "cpis-preferences-window.h"

#include "cpis-trusted-certificate.h"

struct _CpisPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  AdwPreferencesGroup  *no_settings_group;
  GtkLabel             *no_settings_label;
  AdwActionRow         *lock_row;
  GtkSpinButton        *lock_spin;
  GtkLabel             *lock_unit_label;
  AdwActionRow         *scanner_row;
  GtkSwitch            *scanner_switch;
  AdwEntryRow          *hub_row;
  GtkLabel             *hub_error_label;
  AdwComboRow          *style_row;
  AdwComboRow          *workstation_row;
  AdwActionRow         *certificate_row;
  GtkButton            *certificate_choose_button;
  GtkButton            *certificate_clear_button;
  GtkLabel             *certificate_error_label;
  GtkFileChooserNative *certificate_chooser;

  GSettings            *settings;  /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (CpisPreferencesWindow, cpis_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
hub_row_description (void)
{
  return _("The hub’s FHIR base address, e.g. https://hub.example/cpis/FHIR/R4. "
           "Leave empty to use the built-in demo hub with synthetic data. "
           "Takes effect the next time the application starts.");
}

/* NULL when @text is a hub address (http or https, with a host); otherwise
 * why it is not, in words */
static char *
describe_bad_hub_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return g_strdup_printf (_("“%s” was not saved: it is not a web address. Give the hub’s FHIR "
                              "base address, e.g. https://hub.example/cpis/FHIR/R4."),
                            text);

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return g_strdup_printf (_("“%s” was not saved: a hub address starts with https:// or http://, "
                              "e.g. https://hub.example/cpis/FHIR/R4."),
                            text);

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return g_strdup_printf (_("“%s” was not saved: it has no host name, "
                              "e.g. https://hub.example/cpis/FHIR/R4."),
                            text);

  /* the client's own rule, so that what is saved is what it accepts */
  if (!cpis_hub_client_check_base_url (text, &error))
    return g_strdup_printf (_("“%s” was not saved: %s"), text, error->message);

  return NULL;
}

static void
show_hub_error (CpisPreferencesWindow *self,
                const char            *message)
{
  if (message != NULL)
    {
      g_autofree char *description = g_strdup_printf ("%s %s", message, hub_row_description ());

      gtk_label_set_label (self->hub_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->hub_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->hub_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->hub_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->hub_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    {
      gtk_label_set_label (self->hub_error_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->hub_error_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hub_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->hub_row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->hub_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hub_row_description (),
                                      -1);
    }
}

static void
update_lock_unit (CpisPreferencesWindow *self)
{
  guint minutes = (guint) gtk_spin_button_get_value_as_int (self->lock_spin);

  gtk_label_set_label (self->lock_unit_label,
                       g_dngettext (GETTEXT_PACKAGE, "minute", "minutes", minutes));
}

/* Signal callbacks */

static void
hub_row_apply_cb (CpisPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hub_row))));
  g_autofree char *problem = NULL;
  AdwToast *toast;

  if (self->settings == NULL)
    return;

  if (*text != '\0')
    problem = describe_bad_hub_address (text);

  if (problem != NULL)
    {
      /* Keep what was typed, so that it can be corrected */
      show_hub_error (self, problem);
      return;
    }

  show_hub_error (self, NULL);
  g_settings_set_string (self->settings, "hub-url", text);

  if (*text == '\0')
    toast = adw_toast_new (_("The demo hub will be used the next time CP-IS Desktop starts"));
  else
    toast = adw_toast_new (_("Saved: this hub will be used the next time CP-IS Desktop starts"));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* An error describes what was applied; editing it makes it stale */
static void
hub_row_changed_cb (CpisPreferencesWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->hub_error_label)))
    show_hub_error (self, NULL);
}

static void
lock_spin_value_changed_cb (CpisPreferencesWindow *self)
{
  update_lock_unit (self);
}

/* Overrides */

/* A combo row of a setting's choices: the row's place is the choice's in
 * @user_data (NULL-terminated, in the row's order, the default first) */

static const char * const styles[] = { "default", "light", "dark", NULL };
static const char * const workstation_cares[] = { "organisation", "unscheduled", "scheduled", NULL };

static gboolean
choice_from_setting (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *word = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (word, choices[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_to_setting (const GValue       *value,
                   const GVariantType *type,
                   gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (selected < g_strv_length ((char **) choices) ? choices[selected] : choices[0]);
}

/* The trusted certificate ------------------------------------------------- */

/* The row says which authority is trusted, and until when */
static void
show_certificate (CpisPreferencesWindow *self)
{
  g_autofree char *path = self->settings != NULL ? g_settings_get_string (self->settings, "trusted-certificate")
                                                 : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  if (path == NULL || *path == '\0')
    text = g_strdup (_("None: the system’s certificate authorities are trusted"));
  else if (!cpis_trusted_certificate_read (path, now, &subject, &not_after, &error))
    text = g_strdup_printf (_("%s — cannot be used: %s"), path, error->message);
  else
    {
      g_autofree char *day = not_after != NULL ? g_date_time_format (not_after, "%-d %B %Y") : g_strdup ("?");

      text = g_strdup_printf (_("%s, valid until %s"), subject != NULL ? subject : path, day);
    }
  adw_action_row_set_subtitle (self->certificate_row, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->certificate_clear_button), path != NULL && *path != '\0');
}

static void
show_certificate_error (CpisPreferencesWindow *self,
                        const char            *message)
{
  gtk_label_set_text (self->certificate_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_error_label), message != NULL);
}

gboolean
cpis_preferences_window_use_certificate (CpisPreferencesWindow *self,
                                         GFile                 *file)
{
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CPIS_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->settings == NULL)
    return FALSE;
  path = g_file_get_path (file);
  /* a file that cannot be used is said, and the one in use kept */
  if (path == NULL || !cpis_trusted_certificate_read (path, now, NULL, NULL, &error))
    {
      show_certificate_error (self, error != NULL ? error->message : _("Choose a file on this computer."));
      return FALSE;
    }
  show_certificate_error (self, NULL);
  g_settings_set_string (self->settings, "trusted-certificate", path);
  return TRUE;
}

static void
certificate_chooser_response_cb (CpisPreferencesWindow *self,
                                 int                    response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->certificate_chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->certificate_chooser));
  g_clear_object (&self->certificate_chooser);
  if (file != NULL)
    cpis_preferences_window_use_certificate (self, file);
}

static void
certificate_choose_clicked_cb (CpisPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->certificate_chooser != NULL)
    return;
  self->certificate_chooser = gtk_file_chooser_native_new (_("Choose a Trusted Certificate"), GTK_WINDOW (self),
                                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->certificate_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->certificate_chooser), TRUE);
  g_signal_connect_swapped (self->certificate_chooser, "response", G_CALLBACK (certificate_chooser_response_cb),
                            self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->certificate_chooser));
}

static void
certificate_clear_clicked_cb (CpisPreferencesWindow *self)
{
  if (self->settings == NULL)
    return;
  show_certificate_error (self, NULL);
  g_settings_set_string (self->settings, "trusted-certificate", "");
}

static void
cpis_preferences_window_constructed (GObject *object)
{
  CpisPreferencesWindow *self = CPIS_PREFERENCES_WINDOW (object);
  gboolean have_settings = self->settings != NULL;

  G_OBJECT_CLASS (cpis_preferences_window_parent_class)->constructed (object);

  if (have_settings)
    {
      g_settings_bind (self->settings, "idle-lock-minutes",
                       self->lock_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "scanner-ends-with-tab",
                       self->scanner_switch, "active", G_SETTINGS_BIND_DEFAULT);
      /* Settings to row only: the row writes back when the address is applied */
      g_settings_bind (self->settings, "hub-url",
                       self->hub_row, "text", G_SETTINGS_BIND_GET);
      g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                    G_SETTINGS_BIND_DEFAULT, choice_from_setting, choice_to_setting,
                                    (gpointer) styles, NULL);
      g_settings_bind_with_mapping (self->settings, "workstation-care-setting", self->workstation_row, "selected",
                                    G_SETTINGS_BIND_DEFAULT, choice_from_setting, choice_to_setting,
                                    (gpointer) workstation_cares, NULL);
      g_signal_connect_object (self->settings, "changed::trusted-certificate", G_CALLBACK (show_certificate), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_settings_group), !have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lock_row), have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scanner_row), have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hub_row), have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->certificate_row), have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->style_row), have_settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->workstation_row), have_settings);
  show_hub_error (self, NULL);
  show_certificate_error (self, NULL);
  show_certificate (self);
  update_lock_unit (self);

  if (!have_settings)
    {
      /* Said with each row too, for whoever reaches the row first */
      const char *why = gtk_label_get_label (self->no_settings_label);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->lock_spin),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->hub_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                      -1);
    }
}

static void
cpis_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CpisPreferencesWindow *self = CPIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CpisPreferencesWindow *self = CPIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_preferences_window_dispose (GObject *object)
{
  CpisPreferencesWindow *self = CPIS_PREFERENCES_WINDOW (object);

  if (self->settings != NULL && self->lock_spin != NULL)
    {
      g_settings_unbind (self->lock_spin, "value");
      g_settings_unbind (self->scanner_switch, "active");
      g_settings_unbind (self->hub_row, "text");
      g_settings_unbind (self->style_row, "selected");
      g_settings_unbind (self->workstation_row, "selected");
    }

  if (self->certificate_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->certificate_chooser));
  g_clear_object (&self->certificate_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cpis_preferences_window_parent_class)->dispose (object);
}

static void
cpis_preferences_window_finalize (GObject *object)
{
  CpisPreferencesWindow *self = CPIS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cpis_preferences_window_parent_class)->finalize (object);
}

static void
cpis_preferences_window_class_init (CpisPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cpis_preferences_window_constructed;
  object_class->get_property = cpis_preferences_window_get_property;
  object_class->set_property = cpis_preferences_window_set_property;
  object_class->dispose = cpis_preferences_window_dispose;
  object_class->finalize = cpis_preferences_window_finalize;

  /**
   * CpisPreferencesWindow:settings:
   *
   * The application's settings, or %NULL when the schema is not installed.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, no_settings_group);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, no_settings_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, lock_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, lock_spin);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, lock_unit_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, scanner_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, scanner_switch);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, hub_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, hub_error_label);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, workstation_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, certificate_choose_button);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, certificate_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CpisPreferencesWindow, certificate_error_label);
  gtk_widget_class_bind_template_callback (widget_class, certificate_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hub_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, hub_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lock_spin_value_changed_cb);
}

static void
cpis_preferences_window_init (CpisPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

CpisPreferencesWindow *
cpis_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (CPIS_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

GSettings *
cpis_preferences_window_get_settings (CpisPreferencesWindow *self)
{
  g_return_val_if_fail (CPIS_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}

