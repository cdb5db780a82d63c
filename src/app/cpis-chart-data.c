/* cpis-chart-data.c: the figures a chart draws, and says */

#include <glib/gi18n.h>

#include "cpis-chart-data.h"

#include "cpis-csv.h"
#include "cpis-date.h"

struct _CpisChartData
{
  GObject    parent_instance;

  char      *title;
  char      *unit_one;
  char      *unit_many;
  GPtrArray *categories;  /* char * */
  GPtrArray *series;      /* char * */
  GArray    *values;      /* gint64, by category then series; grown as both are added */
};

G_DEFINE_FINAL_TYPE (CpisChartData, cpis_chart_data, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the value of (@series, @category) is kept: each category holds a
 * slot for every series there can be (MAX_SERIES) */
#define MAX_SERIES 16

static gint64 *
slot (CpisChartData *self,
      guint          series,
      guint          category)
{
  return &g_array_index (self->values, gint64, category * MAX_SERIES + series);
}

static void
cpis_chart_data_finalize (GObject *object)
{
  CpisChartData *self = CPIS_CHART_DATA (object);

  g_free (self->title);
  g_free (self->unit_one);
  g_free (self->unit_many);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->series);
  g_array_unref (self->values);

  G_OBJECT_CLASS (cpis_chart_data_parent_class)->finalize (object);
}

static void
cpis_chart_data_class_init (CpisChartDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_chart_data_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cpis_chart_data_init (CpisChartData *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, TRUE, sizeof (gint64));
}

CpisChartData *
cpis_chart_data_new (const char *title,
                     const char *unit_one,
                     const char *unit_many)
{
  CpisChartData *self = g_object_new (CPIS_TYPE_CHART_DATA, NULL);

  self->title = g_strdup (title != NULL ? title : "");
  self->unit_one = g_strdup (unit_one != NULL ? unit_one : "");
  self->unit_many = g_strdup (unit_many != NULL ? unit_many : "");
  return self;
}

const char *
cpis_chart_data_get_title (CpisChartData *self)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);

  return self->title;
}

guint
cpis_chart_data_add_category (CpisChartData *self,
                              const char    *label)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);

  g_ptr_array_add (self->categories, g_strdup (label != NULL ? label : ""));
  g_array_set_size (self->values, self->categories->len * MAX_SERIES);
  g_signal_emit (self, signals[CHANGED], 0);
  return self->categories->len - 1;
}

guint
cpis_chart_data_add_series (CpisChartData *self,
                            const char    *name)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);
  g_return_val_if_fail (self->series->len < MAX_SERIES, MAX_SERIES - 1);

  g_ptr_array_add (self->series, g_strdup (name != NULL ? name : ""));
  g_signal_emit (self, signals[CHANGED], 0);
  return self->series->len - 1;
}

guint
cpis_chart_data_get_n_categories (CpisChartData *self)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);

  return self->categories->len;
}

guint
cpis_chart_data_get_n_series (CpisChartData *self)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);

  return self->series->len;
}

const char *
cpis_chart_data_get_category (CpisChartData *self,
                              guint          category)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  return self->categories->pdata[category];
}

const char *
cpis_chart_data_get_series_name (CpisChartData *self,
                                 guint          series)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  return self->series->pdata[series];
}

void
cpis_chart_data_set_value (CpisChartData *self,
                           guint          series,
                           guint          category,
                           gint64         value)
{
  g_return_if_fail (CPIS_IS_CHART_DATA (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);
  g_return_if_fail (value >= 0 || value == CPIS_CHART_VALUE_SUPPRESSED || value == CPIS_CHART_VALUE_HIDDEN);

  *slot (self, series, category) = value;
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
cpis_chart_data_get_value (CpisChartData *self,
                           guint          series,
                           guint          category)
{
  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);
  g_return_val_if_fail (category < self->categories->len, 0);

  return *slot (self, series, category);
}

gint64
cpis_chart_data_get_max (CpisChartData *self,
                         gboolean       stacked)
{
  gint64 max = 0;

  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), 0);

  for (guint c = 0; c < self->categories->len; c++)
    {
      gint64 sum = 0;

      for (guint s = 0; s < self->series->len; s++)
        {
          gint64 value = *slot (self, s, c);

          /* (a suppressed count is at most 4: the axis leaves room for it;
           * a hidden one is not drawn) */
          if (value == CPIS_CHART_VALUE_SUPPRESSED)
            value = 4;
          else if (value == CPIS_CHART_VALUE_HIDDEN)
            value = 0;
          sum += value;
          max = MAX (max, value);
        }
      if (stacked)
        max = MAX (max, sum);
    }
  return max;
}

/* "12 attendances", "1 attendance", "fewer than 5" */
static char *
value_in_words (CpisChartData *self,
                gint64         value)
{
  if (value == CPIS_CHART_VALUE_SUPPRESSED)
    /* Translators: a count from 1 to 4, withheld so that it cannot point to a child */
    return g_strdup (_("fewer than 5"));
  if (value == CPIS_CHART_VALUE_HIDDEN)
    /* Translators: a count withheld with one fewer than 5, which it could give away */
    return g_strdup (_("hidden"));
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s", value, value == 1 ? self->unit_one : self->unit_many);
}

char *
cpis_chart_data_describe_category (CpisChartData *self,
                                   guint          category)
{
  GString *text;

  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  text = g_string_new (self->categories->pdata[category]);
  g_string_append (text, ": ");
  for (guint s = 0; s < self->series->len; s++)
    {
      g_autofree char *value = value_in_words (self, *slot (self, s, category));

      if (s > 0)
        g_string_append (text, ", ");
      /* one series: its name would only repeat the title */
      if (self->series->len > 1)
        g_string_append_printf (text, "%s %s", (char *) self->series->pdata[s], value);
      else
        g_string_append (text, value);
    }
  return g_string_free (text, FALSE);
}

char *
cpis_chart_data_describe (CpisChartData *self)
{
  GString *text;

  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);

  text = g_string_new (self->title);
  g_string_append (text, ". ");
  if (self->categories->len == 0 || self->series->len == 0)
    {
      g_string_append (text, _("No figures for this period."));
      return g_string_free (text, FALSE);
    }
  for (guint c = 0; c < self->categories->len; c++)
    {
      g_autofree char *category = cpis_chart_data_describe_category (self, c);

      g_string_append (text, category);
      g_string_append (text, c + 1 < self->categories->len ? "; " : ".");
    }
  return g_string_free (text, FALSE);
}

char *
cpis_chart_data_to_csv (CpisChartData *self,
                        const char    *category_heading)
{
  GString *csv;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CPIS_IS_CHART_DATA (self), NULL);

  csv = g_string_new (NULL);
  g_ptr_array_add (cells, g_strdup (category_heading != NULL ? category_heading : ""));
  for (guint s = 0; s < self->series->len; s++)
    g_ptr_array_add (cells, g_strdup (self->series->pdata[s]));
  cpis_csv_append_row (csv, (const char * const *) cells->pdata, cells->len);

  for (guint c = 0; c < self->categories->len; c++)
    {
      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, g_strdup (self->categories->pdata[c]));
      for (guint s = 0; s < self->series->len; s++)
        {
          gint64 value = *slot (self, s, c);

          /* (a spreadsheet reads "<5" as text: it is not summed as a number) */
          g_ptr_array_add (cells, value == CPIS_CHART_VALUE_SUPPRESSED ? g_strdup ("<5")
                                  : value == CPIS_CHART_VALUE_HIDDEN   ? g_strdup ("hidden")
                                                                       : g_strdup_printf ("%" G_GINT64_FORMAT, value));
        }
      cpis_csv_append_row (csv, (const char * const *) cells->pdata, cells->len);
    }
  return g_string_free (csv, FALSE);
}

/* A stratum's label: a week's Monday as "2 Nov", else its words or code */
static char *
stratum_label (const CpisMeasureStratum *stratum)
{
  if (stratum->text == NULL && cpis_date_is_valid (stratum->value))
    {
      GDate day;
      char label[32];

      g_date_clear (&day, 1);
      g_date_set_parse (&day, stratum->value);
      if (g_date_valid (&day) && g_date_strftime (label, sizeof label, "%-d %b", &day) > 0)
        return g_strdup (label);
    }
  return g_strdup (stratum->text != NULL ? stratum->text : stratum->value);
}

CpisChartData *
cpis_chart_data_new_from_stratifier (const CpisMeasureGroup *group,
                                     const char             *stratifier_code,
                                     const char             *title,
                                     const char             *unit_one,
                                     const char             *unit_many)
{
  const CpisMeasureStratifier *stratifier;
  CpisChartData *data;
  guint series;

  g_return_val_if_fail (group != NULL, NULL);

  stratifier = cpis_measure_group_lookup_stratifier (group, stratifier_code);
  if (stratifier == NULL)
    return NULL;

  data = cpis_chart_data_new (title, unit_one, unit_many);
  series = cpis_chart_data_add_series (data, group->text != NULL ? group->text : group->code);
  for (guint i = 0; i < stratifier->strata->len; i++)
    {
      const CpisMeasureStratum *stratum = stratifier->strata->pdata[i];
      g_autofree char *label = stratum_label (stratum);
      guint category = cpis_chart_data_add_category (data, label);

      cpis_chart_data_set_value (data, series, category,
                                 stratum->count == CPIS_MEASURE_SUPPRESSED ? CPIS_CHART_VALUE_SUPPRESSED
                                 : stratum->count == CPIS_MEASURE_HIDDEN   ? CPIS_CHART_VALUE_HIDDEN
                                                                           : stratum->count);
    }
  return data;
}
