/* cpis-partnership-view.c: a safeguarding partnership officer's area at a
 * glance
 *
 * One request per choice: the area's MeasureReport for the period (and
 * LA) chosen. The page shows "Fetching…" until it answers, the figures when
 * it does, or why it could not — never the figures of an earlier choice,
 * and never zeros in place of figures it does not have.
 */
#include <glib/gi18n.h>

#include "cpis-partnership-view.h"

#include "cpis-area-figures-text.h"
#include "cpis-area-report.h"
#include "cpis-chart.h"
#include "cpis-date.h"
#include "cpis-figure-tile.h"
#include "cpis-hub-client.h"
#include "cpis-measure-report-csv.h"
#include "cpis-period.h"
#include "cpis-role.h"

/* The period choices, in the drop-down's order */
static const CpisPeriodChoice period_choices[] = {
  CPIS_PERIOD_LAST_4_WEEKS,
  CPIS_PERIOD_LAST_3_MONTHS,
  CPIS_PERIOD_LAST_12_MONTHS,
  CPIS_PERIOD_CHOSEN,
};
#define DEFAULT_PERIOD 2  /* the last 12 months: what a board looks at */

struct _CpisPartnershipView
{
  GtkWidget          parent_instance;

  CpisSession       *session;
  GCancellable      *cancellable;
  guint              generation;   /* of the request whose answer may be shown */
  CpisMeasureReport *report;
  GDate              first;
  GDate              last;
  char              *la;           /* the LA chosen (ODS code), or NULL for all */
  GPtrArray         *la_codes;     /* the area's LAs, in the drop-down's order after "All" */
  gboolean           filling_las;

  GtkWidget         *box;
  GtkLabel          *heading;
  GtkLabel          *period_label;
  GtkDropDown       *period_choice;
  GtkWidget         *chosen_box;
  GtkEntry          *from_entry;
  GtkEntry          *to_entry;
  GtkLabel          *period_error;
  GtkDropDown       *la_choice;
  GtkStringList     *la_names;
  GtkStack          *stack;
  AdwStatusPage     *failed_page;
  GtkLabel          *la_note;
  GtkLabel          *export_message;
  GtkFileChooserNative *chooser;
  CpisPartnershipExport chooser_format;
  GCancellable      *export_cancellable;

  CpisFigureTile    *tiles[CPIS_AREA_N_HEADLINES];
  GtkWidget         *charts[CPIS_AREA_N_CHARTS];
  GtkListBox        *match_list;
  GtkListBox        *settings_list;
};

G_DEFINE_FINAL_TYPE (CpisPartnershipView, cpis_partnership_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------ */
/* Showing a report */

static GtkWidget *
list_row (const char * const *cells,
          const int          *widths,
          guint               n_cells,
          gboolean            bold_first)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autoptr(GString) accessible = g_string_new (NULL);
  GtkWidget *row = gtk_list_box_row_new ();

  for (guint i = 0; i < n_cells; i++)
    {
      GtkWidget *label = gtk_label_new (cells[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* as wide as @widths asks when there is room; cut short, never
       * wider than the window, when there is not (the tooltip and the
       * row's accessible label say it in full) */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), MIN (widths[i], 6));
      gtk_label_set_max_width_chars (GTK_LABEL (label), widths[i]);
      gtk_widget_set_hexpand (label, i == 0);
      gtk_widget_set_tooltip_text (label, cells[i]);
      if (i == 0 && bold_first)
        gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
      g_string_append_printf (accessible, "%s%s", i > 0 ? ", " : "", cells[i]);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Export offers only the figures shown */
static void
update_export (CpisPartnershipView *self)
{
  gboolean shown = self->report != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "partnership.export-csv", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "partnership.export-pdf", shown);
}

static void
fill_list (GtkListBox *list,
           GPtrArray  *rows,
           const int  *widths,
           guint       n_cells)
{
  clear_list (list);
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (list, list_row (g_ptr_array_index (rows, i), widths, n_cells, TRUE));
}

static void
show_report (CpisPartnershipView *self)
{
  CpisMeasureReport *report = self->report;
  const char *area = cpis_measure_report_get_reporter (report);
  g_autofree char *period = cpis_period_format (&self->first, &self->last);
  g_autoptr(GPtrArray) headlines = cpis_area_headlines (report);
  g_autoptr(GPtrArray) match_rows = cpis_area_match_rate_rows (report);
  g_autoptr(GPtrArray) setting_rows = cpis_area_setting_rows (report);
  const int match_widths[CPIS_AREA_MATCH_RATE_CELLS] = { 30, 12, 12, 30 };
  const int setting_widths[CPIS_AREA_SETTING_CELLS] = { 30, 20, 8, 14, 20 };

  gtk_label_set_text (self->heading, area != NULL ? area : _("Your area"));
  gtk_label_set_text (self->period_label, period);

  for (guint i = 0; i < CPIS_AREA_N_HEADLINES; i++)
    {
      const CpisAreaHeadline *headline = g_ptr_array_index (headlines, i);

      cpis_figure_tile_set_value (self->tiles[i], headline->value, headline->detail);
    }
  for (guint i = 0; i < CPIS_AREA_N_CHARTS; i++)
    {
      g_autoptr(CpisChartData) data = cpis_area_chart_data (report, i);

      cpis_chart_set_data (CPIS_CHART (self->charts[i]), data);
    }
  fill_list (self->match_list, match_rows, match_widths, CPIS_AREA_MATCH_RATE_CELLS);
  fill_list (self->settings_list, setting_rows, setting_widths, CPIS_AREA_SETTING_CELLS);

  gtk_widget_set_visible (GTK_WIDGET (self->la_note), self->la != NULL);
  gtk_stack_set_visible_child_name (self->stack, "figures");
  update_export (self);
}

/* The area's LAs from an unfiltered report, for the drop-down */
static void
fill_las (CpisPartnershipView *self)
{
  const CpisMeasureGroup *plans_now = cpis_measure_report_lookup_group (self->report, "plans-now");
  const CpisMeasureStratifier *las = plans_now != NULL ? cpis_measure_group_lookup_stratifier (plans_now, "la")
                                                       : NULL;
  guint n;

  if (las == NULL || self->la != NULL || self->la_codes->len > 0)
    return;

  self->filling_las = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->la_names));
  gtk_string_list_splice (self->la_names, 1, n - 1, NULL);
  for (guint i = 0; i < las->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (las->strata, i);

      g_ptr_array_add (self->la_codes, g_strdup (stratum->value));
      gtk_string_list_append (self->la_names, stratum->text != NULL ? stratum->text : stratum->value);
    }
  gtk_drop_down_set_selected (self->la_choice, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->la_choice), TRUE);
  self->filling_las = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Exporting */

static void
set_export_message (CpisPartnershipView *self,
                    const char          *message,
                    gboolean             failed)
{
  gtk_label_set_text (self->export_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->export_message), message != NULL);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->export_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->export_message), "error");
}

static void
close_chooser (CpisPartnershipView *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

/* The figures' own period, as the hub gave it */
static gboolean
report_period (CpisMeasureReport *report,
               GDate             *first,
               GDate             *last)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  return cpis_date_parse (cpis_measure_report_get_period_start (report), first) &&
         cpis_date_parse (cpis_measure_report_get_period_end (report), last);
}

static const char *
la_name (CpisPartnershipView *self)
{
  guint selected = gtk_drop_down_get_selected (self->la_choice);

  if (self->la == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->la_names, selected);
}

/* "Pat Officer (officer)" */
static char *
produced_by (CpisPartnershipView *self)
{
  CpisUserInfo *user = self->session != NULL ? cpis_session_get_user (self->session) : NULL;
  const char *name = user != NULL ? cpis_user_info_get_full_name (user) : NULL;
  const char *username = user != NULL ? cpis_user_info_get_username (user) : NULL;

  if (name != NULL && username != NULL)
    return g_strdup_printf ("%s (%s)", name, username);
  return g_strdup (name != NULL ? name : username != NULL ? username
                                                          : _("a partnership officer"));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CpisPartnershipView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The figures could not be saved to “%s”: %s"), name, error->message);
      set_export_message (self, message, TRUE);
      return;
    }
  g_clear_object (&self->export_cancellable);
  message = g_strdup_printf (_("Saved “%s”."), name);
  set_export_message (self, message, FALSE);
}

gboolean
cpis_partnership_view_export_to (CpisPartnershipView   *self,
                                 CpisPartnershipExport  format,
                                 GFile                 *file)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* only the figures shown: none while fetching, after a failure or signed out */
  if (self->report == NULL)
    return FALSE;

  if (format == CPIS_PARTNERSHIP_EXPORT_CSV)
    bytes = cpis_measure_report_to_csv (self->report, la_name (self));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *by = produced_by (self);
      GDate first, last;

      if (!report_period (self->report, &first, &last))
        {
          first = self->first;
          last = self->last;
        }
      bytes = cpis_area_report_to_pdf (self->report, &first, &last, la_name (self), now, by, &error);
    }
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The report could not be made: %s"), error->message);

      set_export_message (self, message, TRUE);
      return TRUE;
    }

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  set_export_message (self, _("Saving…"), FALSE);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, self->export_cancellable,
                                       exported_cb, g_object_ref (self));
  return TRUE;
}

const char *
cpis_partnership_view_get_export_message (CpisPartnershipView *self)
{
  g_return_val_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->export_message)))
    return NULL;
  return gtk_label_get_text (self->export_message);
}

static void
chooser_response_cb (CpisPartnershipView *self,
                     int                  response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  close_chooser (self);
  if (file != NULL)
    cpis_partnership_view_export_to (self, self->chooser_format, file);
}

static void
run_chooser (CpisPartnershipView   *self,
             CpisPartnershipExport  format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean csv = format == CPIS_PARTNERSHIP_EXPORT_CSV;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->report == NULL)
    return;

  /* "area-figures-2025-12-01-to-2026-11-30.pdf": the period in the name, nothing of a child */
  name = g_strdup_printf ("area-figures-%s-to-%s.%s", cpis_measure_report_get_period_start (self->report),
                          cpis_measure_report_get_period_end (self->report), csv ? "csv" : "pdf");
  self->chooser_format = format;
  self->chooser = gtk_file_chooser_native_new (csv ? _("Export the Figures as CSV") : _("Export the Report as PDF"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, csv ? _("CSV files") : _("PDF files"));
  gtk_file_filter_add_suffix (filter, csv ? "csv" : "pdf");
  gtk_file_filter_add_mime_type (filter, csv ? "text/csv" : "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  run_chooser (CPIS_PARTNERSHIP_VIEW (widget), CPIS_PARTNERSHIP_EXPORT_CSV);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  run_chooser (CPIS_PARTNERSHIP_VIEW (widget), CPIS_PARTNERSHIP_EXPORT_PDF);
}

/* ------------------------------------------------------------------------ */
/* Asking */

typedef struct
{
  CpisPartnershipView *self;
  guint                generation;
} Request;

static CpisHubClient *
client_of (CpisPartnershipView *self)
{
  if (self->session == NULL || !cpis_session_is_signed_in (self->session))
    return NULL;
  return cpis_session_get_client (self->session);
}

static void
figures_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(CpisPartnershipView) self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisMeasureReport) report =
    cpis_hub_client_evaluate_area_figures_finish (CPIS_HUB_CLIENT (source), result, &error);
  guint generation = request->generation;

  g_free (request);
  /* a later choice was made meanwhile: this answer is not for it */
  if (generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (report == NULL)
    {
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          cpis_session_expire (self->session);
          return;
        }
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }

  g_set_object (&self->report, report);
  fill_las (self);
  show_report (self);
}

static void
load (CpisPartnershipView *self)
{
  CpisHubClient *client = client_of (self);
  Request *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  self->generation++;
  update_export (self);
  set_export_message (self, NULL, FALSE);
  if (client == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->cancellable = g_cancellable_new ();
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->generation = self->generation;
  cpis_hub_client_evaluate_area_figures_async (client, &self->first, &self->last, self->la, self->cancellable,
                                               figures_cb, request);
}

/* The period the drop-down says, counted back from today (UK); FALSE for
 * chosen dates, which wait for Show */
static gboolean
period_from_choice (CpisPartnershipView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_choice);
  CpisPeriodChoice choice = selected < G_N_ELEMENTS (period_choices) ? period_choices[selected]
                                                                     : CPIS_PERIOD_LAST_12_MONTHS;
  GDate today;

  gtk_widget_set_visible (self->chosen_box, choice == CPIS_PERIOD_CHOSEN);
  if (choice == CPIS_PERIOD_CHOSEN)
    return FALSE;

  cpis_date_today_uk (&today);
  cpis_period_for_choice (choice, &today, &self->first, &self->last);
  return TRUE;
}

static void
period_changed_cb (CpisPartnershipView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->period_error), FALSE);
  if (period_from_choice (self))
    load (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
}

static void
show_chosen_cb (CpisPartnershipView *self)
{
  g_autoptr(GError) error = NULL;
  GDate first, last, today;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  cpis_date_today_uk (&today);
  if (!cpis_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &first) ||
      !cpis_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &last))
    g_set_error_literal (&error, CPIS_PERIOD_ERROR, CPIS_PERIOD_ERROR_INVALID,
                         _("Type both dates as day, month and year, for example 1/4/2026."));
  else
    cpis_period_check (&first, &last, &today, &error);

  if (error != NULL)
    {
      /* the figures of the period shown stay, under their own dates */
      gtk_label_set_text (self->period_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->period_error), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->period_error), FALSE);
  self->first = first;
  self->last = last;
  load (self);
}

static void
la_changed_cb (CpisPartnershipView *self)
{
  guint selected = gtk_drop_down_get_selected (self->la_choice);

  if (self->filling_las)
    return;
  g_clear_pointer (&self->la, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected >= 1 && selected - 1 < self->la_codes->len)
    self->la = g_strdup (g_ptr_array_index (self->la_codes, selected - 1));
  load (self);
}

/* ------------------------------------------------------------------------ */
/* The session */

static gboolean
is_officer (CpisSession *session)
{
  CpisUserInfo *user = cpis_session_get_user (session);

  return cpis_session_is_signed_in (session) && user != NULL &&
         cpis_user_info_get_role (user) == CPIS_ROLE_PARTNERSHIP_OFFICER;
}

static void
session_state_changed_cb (CpisPartnershipView *self)
{
  switch (cpis_session_get_state (self->session))
    {
    case CPIS_SESSION_SIGNED_IN:
      if (!is_officer (self->session))
        cpis_partnership_view_reset (self);
      else if (self->report == NULL)
        {
          /* a new sign-in, or the same one carrying on after a 401 */
          if (self->la_codes->len == 0)
            cpis_partnership_view_reset (self);
          load (self);
        }
      break;
    case CPIS_SESSION_SIGNED_OUT:
      cpis_partnership_view_reset (self);
      break;
    case CPIS_SESSION_EXPIRED:
    default:
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Building */

static GtkWidget *
section (const char *title,
         GtkWidget  *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

static GtkWidget *
chart_card (GtkWidget  *chart,
            const char *title)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 10);
  gtk_box_append (GTK_BOX (box), heading);

  gtk_widget_set_size_request (chart, 320, 240);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_set_margin_start (chart, 8);
  gtk_widget_set_margin_end (chart, 8);
  gtk_widget_set_margin_top (chart, 8);
  gtk_widget_set_margin_bottom (chart, 8);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_frame_set_child (GTK_FRAME (frame), box);
  return frame;
}

static GtkListBox *
new_list (const char *name)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return list;
}

static GtkWidget *
build_figures (CpisPartnershipView *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *tiles = gtk_flow_box_new ();
  GtkWidget *charts = gtk_flow_box_new ();
  GtkWidget *note;

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1200);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);

  self->la_note = GTK_LABEL (gtk_label_new (_("One local authority: the settings' figures are still the whole "
                                              "area's.")));
  gtk_label_set_xalign (self->la_note, 0);
  gtk_label_set_wrap (self->la_note, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->la_note), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->la_note));

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (tiles), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (tiles), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (tiles), 5);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (tiles), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (tiles), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tiles), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Headline figures"), -1);
  for (guint i = 0; i < CPIS_AREA_N_HEADLINES; i++)
    {
      self->tiles[i] = CPIS_FIGURE_TILE (cpis_figure_tile_new (cpis_area_headline_caption (i)));
      gtk_flow_box_append (GTK_FLOW_BOX (tiles), GTK_WIDGET (self->tiles[i]));
    }
  gtk_box_append (GTK_BOX (box), tiles);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (charts), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (charts), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (charts), 2);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (charts), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (charts), 12);
  for (guint i = 0; i < CPIS_AREA_N_CHARTS; i++)
    {
      self->charts[i] = cpis_area_chart_new (i);
      gtk_flow_box_append (GTK_FLOW_BOX (charts), chart_card (self->charts[i], cpis_area_chart_title (i)));
    }
  gtk_box_append (GTK_BOX (box), section (_("Charts"), charts));

  self->match_list = new_list (_("Upload match rate by local authority"));
  gtk_box_append (GTK_BOX (box), section (_("Upload match rate by local authority"), GTK_WIDGET (self->match_list)));
  self->settings_list = new_list (_("The area's settings"));
  gtk_box_append (GTK_BOX (box), section (_("The area's settings"), GTK_WIDGET (self->settings_list)));

  note = gtk_label_new (cpis_area_suppression_note ());
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static GtkWidget *
build_toolbar (CpisPartnershipView *self)
{
  const char *periods[] = { _("Last 4 weeks"), _("Last 3 months"), _("Last 12 months"), _("Chosen dates…"), NULL };
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* the choices on a line of their own, under the heading: room for an
   * area's long name and an LA's, in a window 800 pixels wide */
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autoptr(GMenu) export_menu = NULL;
  GtkWidget *export;
  GtkWidget *show;

  self->heading = GTK_LABEL (gtk_label_new (_("Your area")));
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  self->period_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->period_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->heading));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->period_label));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (row), titles);

  self->period_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (periods));
  gtk_drop_down_set_selected (self->period_choice, DEFAULT_PERIOD);
  gtk_widget_set_valign (GTK_WIDGET (self->period_choice), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->period_choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"),
                                  -1);
  g_signal_connect_swapped (self->period_choice, "notify::selected", G_CALLBACK (period_changed_cb), self);
  gtk_box_append (GTK_BOX (choices), GTK_WIDGET (self->period_choice));

  self->la_names = gtk_string_list_new ((const char *[]) { _("All local authorities"), NULL });
  self->la_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->la_names)), NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->la_choice), GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (GTK_WIDGET (self->la_choice), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->la_choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Local authority"), -1);
  g_signal_connect_swapped (self->la_choice, "notify::selected", G_CALLBACK (la_changed_cb), self);
  gtk_box_append (GTK_BOX (choices), GTK_WIDGET (self->la_choice));

  export_menu = g_menu_new ();
  g_menu_append (export_menu, _("Figures as _CSV…"), "partnership.export-csv");
  g_menu_append (export_menu, _("Report as _PDF…"), "partnership.export-pdf");
  export = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (export), _("_Export"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (export), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (export), G_MENU_MODEL (export_menu));
  gtk_widget_set_valign (export, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (export, _("Export the figures shown, as CSV or as a PDF report"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export the figures"),
                                  -1);
  gtk_box_append (GTK_BOX (row), export);
  gtk_box_append (GTK_BOX (bar), row);
  gtk_box_append (GTK_BOX (bar), choices);

  self->chosen_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->from_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->from_entry, _("From, e.g. 1/4/2026"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First day of the period"), -1);
  self->to_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->to_entry, _("To, e.g. 30/6/2026"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Last day of the period"), -1);
  show = gtk_button_new_with_mnemonic (_("_Show"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show the chosen period"), -1);
  g_signal_connect_swapped (show, "clicked", G_CALLBACK (show_chosen_cb), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (show_chosen_cb), self);
  gtk_box_append (GTK_BOX (self->chosen_box), GTK_WIDGET (self->from_entry));
  gtk_box_append (GTK_BOX (self->chosen_box), GTK_WIDGET (self->to_entry));
  gtk_box_append (GTK_BOX (self->chosen_box), show);
  gtk_widget_set_visible (self->chosen_box, FALSE);
  gtk_box_append (GTK_BOX (bar), self->chosen_box);

  self->period_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->period_error, 0);
  gtk_label_set_wrap (self->period_error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->period_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->period_error), FALSE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->period_error));

  self->export_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->export_message, 0);
  gtk_label_set_wrap (self->export_message, TRUE);
  gtk_label_set_selectable (self->export_message, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_message), FALSE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->export_message));

  gtk_widget_set_margin_start (bar, 18);
  gtk_widget_set_margin_end (bar, 18);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  return bar;
}

static void
cpis_partnership_view_dispose (GObject *object)
{
  CpisPartnershipView *self = CPIS_PARTNERSHIP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  close_chooser (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->report);
  g_clear_pointer (&self->la, g_free);
  g_clear_pointer (&self->la_codes, g_ptr_array_unref);
  g_clear_object (&self->la_names);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (cpis_partnership_view_parent_class)->dispose (object);
}

static void
cpis_partnership_view_class_init (CpisPartnershipViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_partnership_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "partnership.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "partnership.export-pdf", NULL, export_pdf_action);
}

static void
cpis_partnership_view_init (CpisPartnershipView *self)
{
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *retry;

  self->la_codes = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&self->first, 1);
  g_date_clear (&self->last, 1);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_toolbar (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), gtk_label_new (_("Fetching the area's figures…")));
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, loading, "loading");

  self->failed_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->failed_page, "network-error-symbolic");
  adw_status_page_set_title (self->failed_page, _("The figures could not be fetched"));
  retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "pill");
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (cpis_partnership_view_reload), self);
  adw_status_page_set_child (self->failed_page, retry);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->failed_page), "failed");

  gtk_stack_add_named (self->stack, build_figures (self), "figures");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  period_from_choice (self);
  update_export (self);
}

GtkWidget *
cpis_partnership_view_new (void)
{
  return g_object_new (CPIS_TYPE_PARTNERSHIP_VIEW, NULL);
}

void
cpis_partnership_view_set_session (CpisPartnershipView *self,
                                   CpisSession         *session)
{
  g_return_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  cpis_partnership_view_reset (self);
  g_set_object (&self->session, session);
  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (is_officer (session))
    load (self);
}

void
cpis_partnership_view_reset (CpisPartnershipView *self)
{
  guint n;

  g_return_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  self->generation++;
  update_export (self);
  set_export_message (self, NULL, FALSE);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  close_chooser (self);
  g_clear_pointer (&self->la, g_free);
  g_ptr_array_set_size (self->la_codes, 0);
  self->filling_las = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->la_names));
  gtk_string_list_splice (self->la_names, 1, n - 1, NULL);
  gtk_drop_down_set_selected (self->la_choice, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->la_choice), FALSE);
  gtk_drop_down_set_selected (self->period_choice, DEFAULT_PERIOD);
  self->filling_las = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_label_set_text (self->heading, _("Your area"));
  gtk_label_set_text (self->period_label, "");
  clear_list (self->match_list);
  clear_list (self->settings_list);
  for (guint i = 0; i < CPIS_AREA_N_CHARTS; i++)
    cpis_chart_set_data (CPIS_CHART (self->charts[i]), NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  period_from_choice (self);
}

CpisMeasureReport *
cpis_partnership_view_get_report (CpisPartnershipView *self)
{
  g_return_val_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self), NULL);

  return self->report;
}

void
cpis_partnership_view_reload (CpisPartnershipView *self)
{
  g_return_if_fail (CPIS_IS_PARTNERSHIP_VIEW (self));

  load (self);
}
