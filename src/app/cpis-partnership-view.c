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

#include "cpis-bar-chart.h"
#include "cpis-chart-data.h"
#include "cpis-date.h"
#include "cpis-figure-tile.h"
#include "cpis-hub-client.h"
#include "cpis-line-chart.h"
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

  CpisFigureTile    *las_live;
  CpisFigureTile    *settings_live;
  CpisFigureTile    *plans_uploaded;
  CpisFigureTile    *attendances;
  CpisFigureTile    *plans_now;
  CpisFigureTile    *out_of_area;
  CpisFigureTile    *repeat;
  CpisFigureTile    *follow_up;
  CpisFigureTile    *open_late;

  GtkWidget         *weeks_chart;
  GtkWidget         *kinds_chart;
  GtkWidget         *plans_chart;
  GtkWidget         *follow_up_chart;
  GtkListBox        *match_list;
  GtkListBox        *settings_list;
};

G_DEFINE_FINAL_TYPE (CpisPartnershipView, cpis_partnership_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------ */
/* Words for figures */

/* (transfer full) "12", "fewer than 5", "not given" */
static char *
count_text (gint64 count)
{
  if (count == CPIS_MEASURE_SUPPRESSED)
    return g_strdup (_("fewer than 5"));
  if (count < 0)
    return g_strdup (_("not given"));
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* "5 of 6" */
static char *
count_of_text (const CpisMeasureGroup *group)
{
  g_autofree char *count = NULL;
  g_autofree char *denominator = NULL;

  if (group == NULL)
    return g_strdup (_("not given"));
  count = count_text (group->count);
  denominator = count_text (group->denominator);
  /* Translators: a figure out of a total, "5 of 6" */
  return g_strdup_printf (_("%s of %s"), count, denominator);
}

/* "1 h 37 min", "2 days 3 h", "14 min" */
static char *
minutes_text (gint64 minutes)
{
  int days = (int) MIN (minutes / (24 * 60), G_MAXINT);

  if (minutes == CPIS_MEASURE_SUPPRESSED)
    return g_strdup (_("not shown: fewer than 5 acted on"));
  if (minutes < 0)
    return g_strdup (_("not given"));
  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 24 * 60)
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (g_dngettext (NULL, "%d day %d h", "%d days %d h", days), days,
                          (int) ((minutes % (24 * 60)) / 60));
}

static const struct
{
  const char *code;
  const char *words;
} setting_kinds[] = {
  { "emergency-department", N_("Emergency department") },
  { "urgent-treatment-centre", N_("Urgent treatment centre") },
  { "minor-injury-unit", N_("Minor injury unit") },
  { "walk-in-centre", N_("Walk-in centre") },
  { "gp-out-of-hours", N_("GP out of hours") },
  { "nhs-111", N_("NHS 111") },
  { "ambulance", N_("Ambulance service") },
  { "maternity", N_("Maternity unit") },
  { "paediatric-ward", N_("Paediatric ward") },
  { "other", N_("Other unscheduled care") },
};

static const char *
setting_kind_words (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_kinds); i++)
    if (g_strcmp0 (code, setting_kinds[i].code) == 0)
      return _(setting_kinds[i].words);
  return code != NULL ? code : _("Unscheduled care");
}

static const CpisMeasureGroup *
group_of (CpisMeasureReport *report,
          const char        *code)
{
  return report != NULL ? cpis_measure_report_lookup_group (report, code) : NULL;
}

static void
set_tile_count (CpisFigureTile         *tile,
                const CpisMeasureGroup *group,
                const char             *detail)
{
  g_autofree char *text = count_text (group != NULL ? group->count : CPIS_MEASURE_NO_COUNT);

  cpis_figure_tile_set_value (tile, text, detail);
}

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
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), widths[i]);
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

static const CpisMeasureStratifier *
stratifier_of (const CpisMeasureGroup *group,
               const char             *code)
{
  return group != NULL ? cpis_measure_group_lookup_stratifier (group, code) : NULL;
}

/* Each LA's plans uploaded against its records refused, and the 95% target */
static void
show_match_rates (CpisPartnershipView *self)
{
  const CpisMeasureStratifier *uploaded = stratifier_of (group_of (self->report, "plans-uploaded"), "la");
  const CpisMeasureStratifier *refused = stratifier_of (group_of (self->report, "uploads-refused"), "la");
  const int widths[] = { 30, 12, 12, 30 };

  clear_list (self->match_list);
  if (uploaded == NULL || refused == NULL)
    return;

  for (guint i = 0; i < uploaded->strata->len; i++)
    {
      const CpisMeasureStratum *up = g_ptr_array_index (uploaded->strata, i);
      const CpisMeasureStratum *off = NULL;
      g_autofree char *up_text = count_text (up->count);
      g_autofree char *off_text = NULL;
      g_autofree char *rate = NULL;
      const char *cells[4];

      for (guint j = 0; j < refused->strata->len && off == NULL; j++)
        if (g_strcmp0 (((CpisMeasureStratum *) g_ptr_array_index (refused->strata, j))->value, up->value) == 0)
          off = g_ptr_array_index (refused->strata, j);
      off_text = count_text (off != NULL ? off->count : CPIS_MEASURE_NO_COUNT);

      if (off == NULL || up->count < 0 || off->count < 0)
        rate = g_strdup (_("Match rate not shown: small numbers"));
      else if (up->count + off->count == 0)
        rate = g_strdup (_("No uploads in the period"));
      else
        {
          double percent = 100.0 * (double) up->count / (double) (up->count + off->count);

          rate = g_strdup_printf (percent >= 95.0 ? _("%.1f%% matched: meets the 95%% target")
                                                  : _("%.1f%% matched: below the 95%% target"),
                                  percent);
        }

      cells[0] = up->text != NULL ? up->text : up->value;
      cells[1] = up_text;
      cells[2] = off_text;
      cells[3] = rate;
      {
        g_autofree char *uploaded_cell = g_strdup_printf (_("%s uploaded"), up_text);
        g_autofree char *refused_cell = g_strdup_printf (_("%s refused"), off_text);

        cells[1] = uploaded_cell;
        cells[2] = refused_cell;
        gtk_list_box_append (self->match_list, list_row (cells, widths, 4, TRUE));
      }
    }
}

static void
show_settings (CpisPartnershipView *self)
{
  const CpisMeasureStratifier *settings = stratifier_of (group_of (self->report, "settings"), "setting");
  const int widths[] = { 30, 20, 8, 14, 20 };

  clear_list (self->settings_list);
  if (settings == NULL)
    return;

  for (guint i = 0; i < settings->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (settings->strata, i);
      g_autoptr(GDateTime) last = stratum->last_check != NULL
                                  ? g_date_time_new_from_iso8601 (stratum->last_check, NULL)
                                  : NULL;
      g_autofree char *last_text = last != NULL ? cpis_date_time_format_uk (last) : g_strdup (_("Never"));
      g_autofree char *count = count_text (stratum->count);
      g_autofree char *checks = g_strdup_printf (_("%s checks"), count);
      g_autofree char *last_cell = g_strdup_printf (_("Last check: %s"), last_text);
      /* a withheld count is from 1 to 4: a check was made */
      const char *live = stratum->count != 0 ? _("Live") : _("Not live");
      const char *cells[] = {
        stratum->text != NULL ? stratum->text : stratum->value,
        setting_kind_words (stratum->kind),
        live,
        checks,
        last_cell,
      };

      gtk_list_box_append (self->settings_list, list_row (cells, widths, G_N_ELEMENTS (cells), TRUE));
    }
}

/* Plans at the period's start and end, by type, stacked */
static CpisChartData *
plans_data (CpisMeasureReport *report)
{
  const CpisMeasureStratifier *now = stratifier_of (group_of (report, "plans-now"), "plan-type");
  const CpisMeasureStratifier *start = stratifier_of (group_of (report, "plans-at-start"), "plan-type");
  CpisChartData *data;
  guint at_start, at_end;

  if (now == NULL || start == NULL)
    return NULL;
  data = cpis_chart_data_new (_("Children on plans, by plan type"), _("child"), _("children"));
  at_start = cpis_chart_data_add_category (data, _("Period start"));
  at_end = cpis_chart_data_add_category (data, _("Period end"));
  for (guint i = 0; i < now->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = g_ptr_array_index (now->strata, i);
      guint series = cpis_chart_data_add_series (data, stratum->text != NULL ? stratum->text : stratum->value);

      cpis_chart_data_set_value (data, series, at_end, stratum->count);
      for (guint j = 0; j < start->strata->len; j++)
        {
          const CpisMeasureStratum *before = g_ptr_array_index (start->strata, j);

          if (g_strcmp0 (before->value, stratum->value) == 0)
            cpis_chart_data_set_value (data, series, at_start, before->count);
        }
    }
  return data;
}

static void
set_chart (GtkWidget     *chart,
           CpisChartData *data)
{
  cpis_chart_set_data (CPIS_CHART (chart), data);
  if (data != NULL)
    g_object_unref (data);
}

static void
show_report (CpisPartnershipView *self)
{
  CpisMeasureReport *report = self->report;
  const CpisMeasureGroup *away = group_of (report, "out-of-area-away");
  const CpisMeasureGroup *visiting = group_of (report, "out-of-area-visiting");
  const CpisMeasureGroup *median = group_of (report, "follow-up-median");
  const CpisMeasureGroup *p90 = group_of (report, "follow-up-p90");
  const CpisMeasureGroup *plans_at_start = group_of (report, "plans-at-start");
  const char *area = cpis_measure_report_get_reporter (report);
  g_autofree char *period = cpis_period_format (&self->first, &self->last);
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  gtk_label_set_text (self->heading, area != NULL ? area : _("Your area"));
  gtk_label_set_text (self->period_label, period);

  text = count_of_text (group_of (report, "las-live"));
  cpis_figure_tile_set_value (self->las_live, text, _("holding plans at the period's end"));
  g_clear_pointer (&text, g_free);
  text = count_of_text (group_of (report, "settings-live"));
  cpis_figure_tile_set_value (self->settings_live, text, _("made a CP-IS check in the period"));
  g_clear_pointer (&text, g_free);
  set_tile_count (self->plans_uploaded, group_of (report, "plans-uploaded"), NULL);
  set_tile_count (self->attendances, group_of (report, "attendances"), _("unscheduled checks at the area's settings"));
  {
    g_autofree char *start = count_text (plans_at_start != NULL ? plans_at_start->count : CPIS_MEASURE_NO_COUNT);

    detail = g_strdup_printf (_("%s at the period's start"), start);
    set_tile_count (self->plans_now, group_of (report, "plans-now"), detail);
    g_clear_pointer (&detail, g_free);
  }
  {
    g_autofree char *away_text = count_text (away != NULL ? away->count : CPIS_MEASURE_NO_COUNT);
    g_autofree char *visiting_text = count_text (visiting != NULL ? visiting->count : CPIS_MEASURE_NO_COUNT);

    detail = g_strdup_printf (_("%s other areas' children seen here"), visiting_text);
    cpis_figure_tile_set_value (self->out_of_area, away_text, detail);
    g_clear_pointer (&detail, g_free);
  }
  text = count_of_text (group_of (report, "repeat-attendance"));
  cpis_figure_tile_set_value (self->repeat, text, _("children who attended, with 3 or more attendances in 30 days"));
  g_clear_pointer (&text, g_free);
  {
    g_autofree char *median_text = minutes_text (median != NULL ? median->score : CPIS_MEASURE_NO_COUNT);
    g_autofree char *p90_text = minutes_text (p90 != NULL ? p90->score : CPIS_MEASURE_NO_COUNT);

    detail = g_strdup_printf (_("90%% within %s"), p90_text);
    cpis_figure_tile_set_value (self->follow_up, median_text, detail);
    g_clear_pointer (&detail, g_free);
  }
  text = count_of_text (group_of (report, "open-after-2-working-days"));
  cpis_figure_tile_set_value (self->open_late, text, _("notifications due in the period, bank holidays counted"));
  g_clear_pointer (&text, g_free);

  set_chart (self->weeks_chart,
             cpis_chart_data_new_from_stratifier (group_of (report, "attendances"), "week",
                                                  _("Attendances per week"), _("attendance"), _("attendances")));
  set_chart (self->kinds_chart,
             cpis_chart_data_new_from_stratifier (group_of (report, "attendances"), "setting-kind",
                                                  _("Attendances by kind of setting"), _("attendance"),
                                                  _("attendances")));
  set_chart (self->plans_chart, plans_data (report));
  set_chart (self->follow_up_chart,
             cpis_chart_data_new_from_stratifier (group_of (report, "follow-up"), "time-to-first-action",
                                                  _("Time to the LA's first action"), _("notification"),
                                                  _("notifications")));
  show_match_rates (self);
  show_settings (self);

  gtk_widget_set_visible (GTK_WIDGET (self->la_note), self->la != NULL);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

/* The area's LAs from an unfiltered report, for the drop-down */
static void
fill_las (CpisPartnershipView *self)
{
  const CpisMeasureStratifier *las = stratifier_of (group_of (self->report, "plans-now"), "la");
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
  CpisFigureTile **tile_slots[] = {
    &self->las_live, &self->settings_live, &self->plans_uploaded, &self->attendances, &self->plans_now,
    &self->out_of_area, &self->repeat, &self->follow_up, &self->open_late,
  };
  const char *captions[] = {
    _("Local authorities live"), _("Settings live"), _("Plans uploaded"), _("Attendances this period"),
    _("Children on plans now"), _("The area's children seen elsewhere"), _("Repeat attendance"),
    _("Median time to first action"), _("Not acted on within 2 working days"),
  };
  GtkWidget **chart_slots[] = { &self->weeks_chart, &self->kinds_chart, &self->plans_chart, &self->follow_up_chart };
  const char *chart_titles[] = {
    _("Attendances per week"), _("Attendances by kind of setting"), _("Children on plans, by plan type"),
    _("Time to the LA's first action"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (tile_slots) == G_N_ELEMENTS (captions));

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
  for (guint i = 0; i < G_N_ELEMENTS (tile_slots); i++)
    {
      *tile_slots[i] = CPIS_FIGURE_TILE (cpis_figure_tile_new (captions[i]));
      gtk_flow_box_append (GTK_FLOW_BOX (tiles), GTK_WIDGET (*tile_slots[i]));
    }
  gtk_box_append (GTK_BOX (box), tiles);

  self->weeks_chart = cpis_line_chart_new ();
  self->kinds_chart = cpis_bar_chart_new ();
  self->plans_chart = cpis_bar_chart_new_stacked ();
  self->follow_up_chart = cpis_bar_chart_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (charts), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (charts), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (charts), 2);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (charts), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (charts), 12);
  for (guint i = 0; i < G_N_ELEMENTS (chart_slots); i++)
    gtk_flow_box_append (GTK_FLOW_BOX (charts), chart_card (*chart_slots[i], chart_titles[i]));
  gtk_box_append (GTK_BOX (box), section (_("Charts"), charts));

  self->match_list = new_list (_("Upload match rate by local authority"));
  gtk_box_append (GTK_BOX (box), section (_("Upload match rate by local authority"), GTK_WIDGET (self->match_list)));
  self->settings_list = new_list (_("The area's settings"));
  gtk_box_append (GTK_BOX (box), section (_("The area's settings"), GTK_WIDGET (self->settings_list)));

  note = gtk_label_new (_("Counts from 1 to 4 are shown as “fewer than 5”, and another count is hidden with "
                          "them where a total would give them away, as official statistics do. Times to "
                          "first action are elapsed time; weeks run Monday to Sunday, UK time."));
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
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
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
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->period_choice));

  self->la_names = gtk_string_list_new ((const char *[]) { _("All local authorities"), NULL });
  self->la_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->la_names)), NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->la_choice), GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (GTK_WIDGET (self->la_choice), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->la_choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Local authority"), -1);
  g_signal_connect_swapped (self->la_choice, "notify::selected", G_CALLBACK (la_changed_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->la_choice));
  gtk_box_append (GTK_BOX (bar), row);

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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->period_error), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Period error"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->period_error), FALSE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->period_error));

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
  cpis_chart_set_data (CPIS_CHART (self->weeks_chart), NULL);
  cpis_chart_set_data (CPIS_CHART (self->kinds_chart), NULL);
  cpis_chart_set_data (CPIS_CHART (self->plans_chart), NULL);
  cpis_chart_set_data (CPIS_CHART (self->follow_up_chart), NULL);
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
