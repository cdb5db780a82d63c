/* cpis-find-child-dialog.c: find a child without their NHS number
 *
 * The search is exact: a partial name or date is refused with the reason,
 * before anything is sent, and names match whole. The gender has no default:
 * Search waits for a choice, "Not sure" among them (a search without it, as
 * PDS allows). A search in flight is cancelled when the dialog closes, a new
 * search starts or a field changes; an answer to an old search, or to fields
 * since changed, is never shown. After an answer it is scrolled into view,
 * and one match takes the focus to its check button, so Enter checks it.
 */
#include "cpis-find-child-dialog.h"

#include <glib/gi18n.h>

#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-patient-banner.h"

struct _CpisFindChildDialog
{
  AdwWindow           parent_instance;

  CpisHubClient      *client;
  GCancellable       *cancellable;       /* the search in flight */
  char               *match_nhs_number;
  guint               reveal_id;         /* an answer waits to be scrolled into view */
  gint64              reveal_frame;      /* …once this frame has laid it out */
  gboolean            reveal_focus;      /* …and the check button to take the focus */

  /* template */
  GtkScrolledWindow  *scroller;
  AdwEntryRow        *family_row;
  AdwEntryRow        *given_row;
  AdwEntryRow        *birth_row;
  AdwComboRow        *gender_row;
  AdwEntryRow        *postcode_row;
  GtkLabel           *needed_label;
  GtkButton          *search_button;
  GtkLabel           *message_label;
  GtkWidget          *match_box;
  GtkLabel           *match_name_label;
  GtkLabel           *match_details_label;
  GtkLabel           *match_number_label;
  GtkButton          *check_button;
};

/* One search: what was asked, for the answer's words */
typedef struct
{
  CpisFindChildDialog *self;
  GCancellable        *cancellable;
  gboolean             with_given;
  gboolean             with_postcode;
  gboolean             with_gender;
} Search;

static void     search_free      (Search        *search);
static gboolean reveal_ticked_cb (GtkWidget     *widget,
                                  GdkFrameClock *clock,
                                  gpointer       user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

G_DEFINE_FINAL_TYPE (CpisFindChildDialog, cpis_find_child_dialog, ADW_TYPE_WINDOW)

enum {
  CHILD_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The gender row's list, in its order: what each searches for (NULL: any) */
typedef enum
{
  GENDER_NOT_CHOSEN,
  GENDER_FEMALE,
  GENDER_MALE,
  GENDER_OTHER,
  GENDER_ANY,
  N_GENDERS
} Gender;

static const char * const genders[N_GENDERS] = { NULL, "female", "male", "other", NULL };

/* What Search still needs */
typedef enum
{
  NEEDS_FAMILY     = 1 << 0,
  NEEDS_BIRTH_DATE = 1 << 1,
  NEEDS_GENDER     = 1 << 2,
} Needs;


/* Helpers */

static void
search_free (Search *search)
{
  g_clear_object (&search->self);
  g_clear_object (&search->cancellable);
  g_free (search);
}

static void
show_message (CpisFindChildDialog *self,
              const char          *message,
              gboolean             is_error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
show_match (CpisFindChildDialog *self,
            CpisPatient         *patient)
{
  g_autofree char *name = NULL;
  g_autofree char *born = NULL;
  g_autofree char *age = NULL;
  g_autofree char *details = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *number = NULL;
  g_autofree char *accessible = NULL;
  const char *postcode;
  GDate today;

  g_clear_pointer (&self->match_nhs_number, g_free);
  gtk_widget_set_visible (self->match_box, patient != NULL);
  if (patient == NULL)
    return;

  cpis_date_today_uk (&today);
  self->match_nhs_number = g_strdup (cpis_patient_get_nhs_number (patient));
  name = cpis_patient_dup_display_name (patient);
  born = cpis_date_format_uk (cpis_patient_get_birth_date (patient));
  age = cpis_patient_banner_format_age (cpis_patient_get_birth_date (patient), &today);
  postcode = cpis_patient_is_restricted (patient) ? _("address withheld (restricted record)")
                                                  : cpis_patient_get_postcode (patient);
  /* Translators: "Born 1 April 2016 (10 years), postcode ZZ99 3VZ" */
  details = g_strdup_printf (_("Born %s (%s), postcode %s"), born != NULL ? born : "?",
                             age != NULL ? age : "?", postcode != NULL ? postcode : _("not given"));
  formatted = cpis_nhs_number_format (self->match_nhs_number);
  number = g_strdup_printf (_("NHS number %s"), formatted);

  gtk_label_set_text (self->match_name_label, name != NULL ? name : _("Name not known"));
  gtk_label_set_text (self->match_details_label, details);
  gtk_label_set_text (self->match_number_label, number);

  accessible = g_strdup_printf (_("One match: %s. %s. %s."), name != NULL ? name : "", details,
                                number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->match_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  /* read with the button that takes the focus, so that who it is comes first */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible,
                                  -1);
}

static void
cancel_search (CpisFindChildDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
stop_reveal (CpisFindChildDialog *self)
{
  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_id);
  self->reveal_id = 0;
}

static Needs
what_is_needed (CpisFindChildDialog *self,
                GDate               *birth_date)
{
  g_autofree char *family = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->family_row)));
  Needs needs = 0;

  if (*g_strstrip (family) == '\0')
    needs |= NEEDS_FAMILY;
  if (!cpis_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self->birth_row)),
                              birth_date))
    needs |= NEEDS_BIRTH_DATE;
  if (adw_combo_row_get_selected (self->gender_row) == GENDER_NOT_CHOSEN ||
      adw_combo_row_get_selected (self->gender_row) >= N_GENDERS)
    needs |= NEEDS_GENDER;

  return needs;
}

static const char *
needs_text (Needs needs)
{
  switch ((int) needs)
    {
    case 0:
      return NULL;
    case NEEDS_FAMILY:
      return _("To search, give the family name.");
    case NEEDS_BIRTH_DATE:
      return _("To search, give the whole date of birth: day, month and year.");
    case NEEDS_FAMILY | NEEDS_BIRTH_DATE:
      return _("To search, give the family name and the whole date of birth.");
    case NEEDS_GENDER:
      return _("To search, choose the gender (or “Not sure”).");
    case NEEDS_FAMILY | NEEDS_GENDER:
      return _("To search, give the family name and choose the gender.");
    case NEEDS_BIRTH_DATE | NEEDS_GENDER:
      return _("To search, give the whole date of birth and choose the gender.");
    default:
      return _("To search, give the family name and the whole date of birth, and choose the "
               "gender.");
    }
}

/* Search can search only with what it needs, and not while searching; the
 * line beside it says what is missing */
static void
update_search (CpisFindChildDialog *self)
{
  GDate date;
  Needs needs = what_is_needed (self, &date);
  const char *text = needs_text (needs);

  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button),
                            needs == 0 && self->cancellable == NULL);
  gtk_label_set_text (self->needed_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->needed_label), text != NULL);
}

/* Moves @top … @bottom (laid out) into the scrolled window's view, the top
 * first if they do not fit */
static void
scroll_into_view (CpisFindChildDialog *self,
                  GtkWidget           *top,
                  GtkWidget           *bottom)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  double page = gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment);
  graphene_rect_t top_bounds, bottom_bounds;
  double start, end;

  if (viewport == NULL ||
      !gtk_widget_compute_bounds (top, viewport, &top_bounds) ||
      !gtk_widget_compute_bounds (bottom, viewport, &bottom_bounds))
    return;

  /* in the viewport's coordinates: 0 … page is what is on screen */
  start = top_bounds.origin.y;
  end = bottom_bounds.origin.y + bottom_bounds.size.height;
  if (end > page)
    value += MIN (end - page, start);
  else if (start < 0)
    value += start;
  gtk_adjustment_set_value (adjustment, value);
}

/* The answer just shown, scrolled into view once laid out (and the focus on
 * the check button with @focus_check) */
static void
reveal_answer (CpisFindChildDialog *self,
               gboolean             focus_check)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_reveal (self);
  self->reveal_focus = focus_check;
  if (clock == NULL)
    {
      if (focus_check)
        gtk_widget_grab_focus (GTK_WIDGET (self->check_button));
      return;
    }

  /* the next frame lays the answer out; the one after it knows where it is,
   * and scrolls before it lays out and paints */
  self->reveal_frame = gdk_frame_clock_get_frame_counter (clock) + 1;
  self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_ticked_cb, NULL, NULL);
}

/* Whatever is shown belongs to what the fields say now */
static void
take_answer_off_screen (CpisFindChildDialog *self)
{
  cancel_search (self);
  stop_reveal (self);
  show_match (self, NULL);
  show_message (self, NULL, FALSE);
}

static char *
no_match_text (const Search *search)
{
  GString *text = g_string_new (_("No one matches."));

  g_string_append_c (text, ' ');
  if (search->with_gender)
    g_string_append (text, _("Check the spelling, the date of birth and the gender: if the "
                             "gender may be recorded otherwise, choose “Not sure”."));
  else
    g_string_append (text, _("Check the spelling and the date of birth."));
  if (search->with_given)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("The given name must be the whole given name as recorded, not "
                               "part of it or a nickname: try without it."));
    }
  if (search->with_postcode)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("The postcode must be the one on the child’s record: try "
                               "without it."));
    }
  g_string_append_c (text, ' ');
  g_string_append (text, _("Otherwise use the NHS number."));

  return g_string_free (text, FALSE);
}

static char *
several_text (const Search *search,
              guint         n)
{
  if (!search->with_given)
    return g_strdup_printf (ngettext ("%u person matches. Add the given name (the whole name, "
                                      "as recorded) or the postcode to find the one child.",
                                      "%u people match. Add the given name (the whole name, "
                                      "as recorded) or the postcode to find the one child.",
                                      n), n);
  if (!search->with_postcode)
    return g_strdup_printf (ngettext ("%u person matches. Add the postcode to find the one "
                                      "child.",
                                      "%u people match. Add the postcode to find the one child.",
                                      n), n);
  if (!search->with_gender)
    return g_strdup_printf (ngettext ("%u person matches. Choose the gender to find the one "
                                      "child.",
                                      "%u people match. Choose the gender to find the one child.",
                                      n), n);
  return g_strdup_printf (ngettext ("%u person matches every detail given. This search cannot "
                                    "tell them apart: use the NHS number.",
                                    "%u people match every detail given. This search cannot "
                                    "tell them apart: use the NHS number.",
                                    n), n);
}

/* Signal callbacks */

/* A frame begins: once the answer has been laid out, its place is known */
static gboolean
reveal_ticked_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  CpisFindChildDialog *self = CPIS_FIND_CHILD_DIALOG (widget);
  gboolean with_match = gtk_widget_get_visible (self->match_box);

  if (gdk_frame_clock_get_frame_counter (clock) <= self->reveal_frame)
    return G_SOURCE_CONTINUE;

  self->reveal_id = 0;
  scroll_into_view (self, GTK_WIDGET (self->message_label),
                    with_match ? self->match_box : GTK_WIDGET (self->message_label));
  if (with_match && self->reveal_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->check_button));

  return G_SOURCE_REMOVE;
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Search) search = user_data;
  CpisFindChildDialog *self = search->self;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;

  patients = cpis_hub_client_search_patients_finish (CPIS_HUB_CLIENT (source), result, &error);
  /* an answer to a search since cancelled (a field changed, a new search,
   * the dialog closed) is never shown */
  if (g_cancellable_is_cancelled (search->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  update_search (self);

  if (patients == NULL)
    show_message (self, error->message, TRUE);
  else if (patients->len == 0)
    {
      g_autofree char *message = no_match_text (search);

      show_message (self, message, FALSE);
    }
  else if (patients->len > 1)
    {
      g_autofree char *message = several_text (search, patients->len);

      show_message (self, message, FALSE);
    }
  else
    {
      show_message (self, _("One match. Check that it is this child (name, date of birth, "
                            "postcode) before checking CP-IS."), FALSE);
      show_match (self, g_ptr_array_index (patients, 0));
    }

  reveal_answer (self, patients != NULL && patients->len == 1);
}

/* Enter in a field, or Search */
static void
search_activated_cb (CpisFindChildDialog *self)
{
  const char *family = gtk_editable_get_text (GTK_EDITABLE (self->family_row));
  const char *given = gtk_editable_get_text (GTK_EDITABLE (self->given_row));
  const char *postcode = gtk_editable_get_text (GTK_EDITABLE (self->postcode_row));
  g_autofree char *given_trimmed = g_strstrip (g_strdup (given));
  g_autofree char *postcode_trimmed = g_strstrip (g_strdup (postcode));
  guint gender = adw_combo_row_get_selected (self->gender_row);
  g_autofree char *birth_date = NULL;
  Search *search;
  Needs needs;
  GDate date;

  if (self->cancellable != NULL)
    return;

  take_answer_off_screen (self);

  /* what is missing, said, and the focus taken there */
  needs = what_is_needed (self, &date);
  if (needs != 0)
    {
      show_message (self, needs_text (needs), TRUE);
      if (needs & NEEDS_FAMILY)
        gtk_widget_grab_focus (GTK_WIDGET (self->family_row));
      else if (needs & NEEDS_BIRTH_DATE)
        gtk_widget_grab_focus (GTK_WIDGET (self->birth_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->gender_row));
      return;
    }

  self->cancellable = g_cancellable_new ();
  search = g_new0 (Search, 1);
  search->self = g_object_ref (self);
  search->cancellable = g_object_ref (self->cancellable);
  search->with_given = *given_trimmed != '\0';
  search->with_postcode = *postcode_trimmed != '\0';
  search->with_gender = genders[gender] != NULL;

  birth_date = cpis_date_to_string (&date);
  show_message (self, _("Searching…"), FALSE);
  update_search (self);
  cpis_hub_client_search_patients_async (self->client, family, given, genders[gender], birth_date,
                                         postcode, self->cancellable, searched_cb, search);
}

static void
field_changed_cb (CpisFindChildDialog *self)
{
  take_answer_off_screen (self);
  update_search (self);
}

static void
check_clicked_cb (CpisFindChildDialog *self)
{
  g_autofree char *number = g_strdup (self->match_nhs_number);

  if (number == NULL)
    return;

  g_signal_emit (self, signals[CHILD_CHOSEN], 0, number);
  gtk_window_close (GTK_WINDOW (self));
}

/* Overrides */

static void
cpis_find_child_dialog_dispose (GObject *object)
{
  CpisFindChildDialog *self = CPIS_FIND_CHILD_DIALOG (object);

  cancel_search (self);
  stop_reveal (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->match_nhs_number, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), CPIS_TYPE_FIND_CHILD_DIALOG);

  G_OBJECT_CLASS (cpis_find_child_dialog_parent_class)->dispose (object);
}

static void
cpis_find_child_dialog_class_init (CpisFindChildDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_find_child_dialog_dispose;

  signals[CHILD_CHOSEN] =
    g_signal_new ("child-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-find-child-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, gender_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, needed_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, search_button);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_box);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_name_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_details_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, match_number_label);
  gtk_widget_class_bind_template_child (widget_class, CpisFindChildDialog, check_button);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
cpis_find_child_dialog_init (CpisFindChildDialog *self)
{
  AdwEntryRow *shorter_names[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  shorter_names[0] = self->given_row;
  shorter_names[1] = self->birth_row;
  shorter_names[2] = self->postcode_row;

  /* GTK 4.8 names a widget by its label property *and* every label it is
   * labelled by, one after the other; AdwEntryRow is labelled by its title.
   * These rows' names leave out the title's hints ("(optional)", "e.g."),
   * which their descriptions give: the name is the label alone. */
  for (guint i = 0; i < G_N_ELEMENTS (shorter_names); i++)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (shorter_names[i]),
                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  /* A GtkButton's label property is its label as written, mnemonic
   * underscore and all ("_Search"), and it is labelled by the label it shows
   * ("Search") too: the name is what it shows. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->search_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->check_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  update_search (self);
}

/* Public API */

CpisFindChildDialog *
cpis_find_child_dialog_new (CpisHubClient *client)
{
  CpisFindChildDialog *self;

  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (client), NULL);

  self = g_object_new (CPIS_TYPE_FIND_CHILD_DIALOG, NULL);
  self->client = g_object_ref (client);

  return self;
}
