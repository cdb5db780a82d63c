/* cpis-nhs-number-entry.c: an entry for NHS numbers that checks as you type
 *
 * Below the entry a message says where the typing stands: a neutral count of
 * digits while the number is incomplete, "Valid NHS number" at ten good
 * digits, or why it is wrong (error style and an icon, not colour alone). The
 * message is also the entry's accessible description, so a screen reader
 * hears it. Enter on a valid number emits "submitted" with the ten digits;
 * Enter on anything else shows the reason and sends nothing.
 *
 * Some barcode scanners end a number with Tab instead of Enter. With
 * "submit-on-scanned-tab", a Tab submits only when it ends a scan: every
 * character of the number arrived one at a time, each within
 * SCAN_GAP_USEC of the one before, and the Tab within SCAN_TAB_USEC of the
 * last (no hand types that fast). A person's Tab moves the focus as always:
 * a check sent by accident notifies a local authority.
 *
 * After an answer the next number scanned must replace the last one, not be
 * added to it. The whole text is selected to show that, but a selection can
 * be lost behind the user's back (under X11 a late SelectionClear for an
 * earlier claim of the PRIMARY selection deselects it), so replacing does not
 * depend on it: cpis_nhs_number_entry_select_all() also sets
 * replace_on_input, and the next character typed or pasted replaces the whole
 * text. A click or an editing key (arrows, Home, End, Backspace, Delete) in
 * the field clears it, for a person correcting a digit by hand.
 */
#include "cpis-nhs-number-entry.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cpis-nhs-number.h"
#include "cpis-nhs-number-entry-private.h"

/* Scanners type a character every few milliseconds; people, every 100 or more */
#define SCAN_GAP_USEC (50 * G_TIME_SPAN_MILLISECOND)
#define SCAN_TAB_USEC (100 * G_TIME_SPAN_MILLISECOND)

typedef enum
{
  MESSAGE_NEUTRAL,
  MESSAGE_VALID,
  MESSAGE_ERROR,
} MessageKind;

struct _CpisNhsNumberEntry
{
  GtkWidget  parent_instance;

  GtkEntry  *entry;
  GtkWidget *message_box;
  GtkImage  *message_icon;
  GtkLabel  *message_label;

  char      *nhs_number; /* the ten digits when valid */
  char      *message;    /* why it is not valid (yet), or NULL */

  gboolean   submit_on_scanned_tab;
  gboolean   replace_on_input; /* the next character typed replaces the text */
  guint      scan_run;         /* characters typed one by one, fast, just now */
  gint64     last_insert_usec;
  CpisNhsNumberEntryClock clock;
};

G_DEFINE_FINAL_TYPE (CpisNhsNumberEntry, cpis_nhs_number_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_NHS_NUMBER,
  PROP_MESSAGE,
  PROP_SUBMIT_ON_SCANNED_TAB,
  N_PROPS
};

enum {
  SUBMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      n++;

  return n;
}

static void
show_message (CpisNhsNumberEntry *self,
              MessageKind         kind,
              const char         *text)
{
  GtkWidget *entry = GTK_WIDGET (self->entry);
  GtkWidget *label = GTK_WIDGET (self->message_label);
  const char *icon_name = NULL;

  gtk_label_set_text (self->message_label, text);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (entry, "error");

  switch (kind)
    {
    case MESSAGE_VALID:
      icon_name = "emblem-ok-symbolic";
      gtk_widget_add_css_class (label, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Valid"),
                                      -1);
      break;

    case MESSAGE_ERROR:
      icon_name = "dialog-error-symbolic";
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"),
                                      -1);
      break;

    case MESSAGE_NEUTRAL:
    default:
      icon_name = "dialog-information-symbolic";
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hint"),
                                      -1);
      break;
    }

  gtk_image_set_from_icon_name (self->message_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_icon),
                            kind == MESSAGE_ERROR ? "error" :
                            kind == MESSAGE_VALID ? "success" : "dim-label");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               kind == MESSAGE_ERROR ? GTK_ACCESSIBLE_INVALID_TRUE
                                                     : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
set_state (CpisNhsNumberEntry *self,
           const char         *nhs_number,
           const char         *message)
{
  if (g_strcmp0 (self->nhs_number, nhs_number) != 0)
    {
      g_free (self->nhs_number);
      self->nhs_number = g_strdup (nhs_number);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NHS_NUMBER]);
    }

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
}

/* Checks what is typed. @submitting: Enter was pressed, so an incomplete
 * number is now an error rather than work in progress. */
static void
validate (CpisNhsNumberEntry *self,
          gboolean            submitting)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *hint = NULL;

  digits = cpis_nhs_number_parse (text, &error);

  if (digits != NULL)
    {
      set_state (self, digits, NULL);
      show_message (self, MESSAGE_VALID, _("Valid NHS number"));
      return;
    }

  if (!submitting &&
      g_error_matches (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_EMPTY))
    {
      hint = g_strdup (_("Type or scan the 10-digit NHS number, then press Enter."));
      set_state (self, NULL, hint);
      show_message (self, MESSAGE_NEUTRAL, hint);
      return;
    }

  if (!submitting &&
      g_error_matches (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_TOO_SHORT))
    {
      guint n = count_digits (text);

      /* Translators: a running count while an NHS number is typed */
      hint = g_strdup_printf (_("%u of 10 digits"), n);
      set_state (self, NULL, hint);
      show_message (self, MESSAGE_NEUTRAL, hint);
      return;
    }

  set_state (self, NULL, error->message);
  show_message (self, MESSAGE_ERROR, error->message);
}

static void
entry_changed_cb (CpisNhsNumberEntry *self)
{
  validate (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
entry_activate_cb (CpisNhsNumberEntry *self)
{
  validate (self, TRUE);

  if (self->nhs_number != NULL)
    {
      g_autofree char *digits = g_strdup (self->nhs_number);

      g_signal_emit (self, signals[SUBMITTED], 0, digits);
    }
}

static void
text_inserted_cb (GtkEditable        *editable,
                  const char         *text,
                  int                 length,
                  int                *position,
                  CpisNhsNumberEntry *self)
{
  gint64 now;
  glong n_chars;

  if (self->replace_on_input)
    {
      g_autofree char *piece = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);

      /* this insertion becomes the whole text (and comes back here as that) */
      self->replace_on_input = FALSE;
      g_signal_stop_emission_by_name (editable, "insert-text");
      gtk_editable_set_text (editable, piece);
      gtk_editable_set_position (editable, -1);
      *position = gtk_editable_get_position (editable);
      return;
    }

  now = self->clock ();
  n_chars = g_utf8_strlen (text, length);

  /* a paste, or a gap a hand would leave, starts again */
  if (n_chars == 1 && self->scan_run > 0 && now - self->last_insert_usec <= SCAN_GAP_USEC)
    self->scan_run++;
  else
    self->scan_run = n_chars == 1 ? 1 : 0;

  self->last_insert_usec = now;
}

/* Whether the whole text was typed just now at a scanner's speed */
static gboolean
ends_a_scan (CpisNhsNumberEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  glong n_chars = g_utf8_strlen (text, -1);

  return n_chars > 0 && self->scan_run >= (guint) n_chars &&
         self->clock () - self->last_insert_usec <= SCAN_TAB_USEC;
}

/* A key that edits or moves within the text (not one that types a
 * character): the person is correcting what is there */
static gboolean
is_editing_key (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_Right: case GDK_KEY_Home: case GDK_KEY_End:
    case GDK_KEY_KP_Left: case GDK_KEY_KP_Right: case GDK_KEY_KP_Home: case GDK_KEY_KP_End:
    case GDK_KEY_BackSpace: case GDK_KEY_Delete: case GDK_KEY_KP_Delete:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CpisNhsNumberEntry    *self)
{
  if (is_editing_key (keyval))
    self->replace_on_input = FALSE;

  if (keyval != GDK_KEY_Tab || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  if (!self->submit_on_scanned_tab || !ends_a_scan (self))
    return GDK_EVENT_PROPAGATE;

  self->scan_run = 0;
  entry_activate_cb (self);
  return GDK_EVENT_STOP;
}

static void
clicked_cb (CpisNhsNumberEntry *self)
{
  self->replace_on_input = FALSE;
}

static gboolean
cpis_nhs_number_entry_grab_focus (GtkWidget *widget)
{
  CpisNhsNumberEntry *self = CPIS_NHS_NUMBER_ENTRY (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Moving the focus (Tab, Shift+Tab) goes into or out of the entry; without
 * this the default would call grab_focus() above on the way out, and put the
 * focus straight back in the entry */
static gboolean
cpis_nhs_number_entry_focus (GtkWidget        *widget,
                             GtkDirectionType  direction)
{
  CpisNhsNumberEntry *self = CPIS_NHS_NUMBER_ENTRY (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->entry), direction);
}

static void
cpis_nhs_number_entry_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_NHS_NUMBER_ENTRY);

  G_OBJECT_CLASS (cpis_nhs_number_entry_parent_class)->dispose (object);
}

static void
cpis_nhs_number_entry_finalize (GObject *object)
{
  CpisNhsNumberEntry *self = CPIS_NHS_NUMBER_ENTRY (object);

  g_clear_pointer (&self->nhs_number, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (cpis_nhs_number_entry_parent_class)->finalize (object);
}

static void
cpis_nhs_number_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CpisNhsNumberEntry *self = CPIS_NHS_NUMBER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, cpis_nhs_number_entry_get_text (self));
      break;

    case PROP_NHS_NUMBER:
      g_value_set_string (value, self->nhs_number);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_SUBMIT_ON_SCANNED_TAB:
      g_value_set_boolean (value, self->submit_on_scanned_tab);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_nhs_number_entry_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CpisNhsNumberEntry *self = CPIS_NHS_NUMBER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      cpis_nhs_number_entry_set_text (self, g_value_get_string (value));
      break;

    case PROP_SUBMIT_ON_SCANNED_TAB:
      if (self->submit_on_scanned_tab != g_value_get_boolean (value))
        {
          self->submit_on_scanned_tab = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_nhs_number_entry_class_init (CpisNhsNumberEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_nhs_number_entry_dispose;
  object_class->finalize = cpis_nhs_number_entry_finalize;
  object_class->get_property = cpis_nhs_number_entry_get_property;
  object_class->set_property = cpis_nhs_number_entry_set_property;

  widget_class->grab_focus = cpis_nhs_number_entry_grab_focus;
  widget_class->focus = cpis_nhs_number_entry_focus;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NHS_NUMBER] =
    g_param_spec_string ("nhs-number", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBMIT_ON_SCANNED_TAB] =
    g_param_spec_boolean ("submit-on-scanned-tab", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SUBMITTED] =
    g_signal_new ("submitted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-nhs-number-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisNhsNumberEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, CpisNhsNumberEntry, message_box);
  gtk_widget_class_bind_template_child (widget_class, CpisNhsNumberEntry, message_icon);
  gtk_widget_class_bind_template_child (widget_class, CpisNhsNumberEntry, message_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
cpis_nhs_number_entry_init (CpisNhsNumberEntry *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->clock = g_get_monotonic_time;
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)), "insert-text",
                    G_CALLBACK (text_inserted_cb), self);

  /* before the entry moves the focus on Tab */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "cpis-scanner-tab");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  /* a click in the field is a person about to edit what is there */
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (clicked_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  validate (self, FALSE);
}

GtkWidget *
cpis_nhs_number_entry_new (void)
{
  return g_object_new (CPIS_TYPE_NHS_NUMBER_ENTRY, NULL);
}

const char *
cpis_nhs_number_entry_get_text (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
cpis_nhs_number_entry_set_text (CpisNhsNumberEntry *self,
                                const char         *text)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  /* "changed" validates and notifies */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

const char *
cpis_nhs_number_entry_get_nhs_number (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);

  return self->nhs_number;
}

const char *
cpis_nhs_number_entry_get_message (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);

  return self->message;
}

void
cpis_nhs_number_entry_clear (CpisNhsNumberEntry *self)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  self->replace_on_input = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  validate (self, FALSE);
}

void
cpis_nhs_number_entry_select_all (CpisNhsNumberEntry *self)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  self->replace_on_input = TRUE;
}

void
cpis_nhs_number_entry_replace_on_input (CpisNhsNumberEntry *self)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  self->replace_on_input = TRUE;
}

void
cpis_nhs_number_entry_restart_with (CpisNhsNumberEntry *self,
                                    gunichar            c)
{
  char utf8[8] = { 0, };
  int length;
  int position = 0;

  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  length = g_unichar_to_utf8 (c, utf8);
  self->replace_on_input = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  /* inserted as typing is, so that a scan's first character counts towards it */
  gtk_editable_insert_text (GTK_EDITABLE (self->entry), utf8, length, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

gboolean
_cpis_nhs_number_entry_get_replaces_input (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), FALSE);

  return self->replace_on_input;
}

void
_cpis_nhs_number_entry_set_clock (CpisNhsNumberEntry      *self,
                                  CpisNhsNumberEntryClock  clock)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));

  self->clock = clock != NULL ? clock : g_get_monotonic_time;
}
