/* cpis-measure-report-csv.c: an area's figures written as CSV */

#include <glib/gi18n-lib.h>

#include "cpis-measure-report-csv.h"

#include "cpis-csv.h"

const char *const cpis_measure_report_csv_header[CPIS_MEASURE_REPORT_CSV_N_COLUMNS] = {
  "area", "local_authority", "period_start", "period_end",
  "measure", "measure_name", "breakdown", "code", "name",
  "count", "out_of", "score", "setting_kind", "last_check",
};

/* (transfer full) a count as written: "12", "<5", or NULL (an empty cell) */
static char *
count_cell (gint64 count)
{
  if (count == CPIS_MEASURE_SUPPRESSED)
    return g_strdup (CPIS_MEASURE_REPORT_CSV_SUPPRESSED);
  if (count == CPIS_MEASURE_HIDDEN)
    return g_strdup (CPIS_MEASURE_REPORT_CSV_HIDDEN);
  if (count < 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

GBytes *
cpis_measure_report_to_csv (CpisMeasureReport *report,
                            const char        *la_name)
{
  GString *out;
  const char *area;
  const char *la;

  g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (report), NULL);

  out = g_string_new (NULL);
  area = cpis_measure_report_get_reporter (report);
  la = la_name != NULL ? la_name : _("All");
  cpis_csv_append_row (out, cpis_measure_report_csv_header, CPIS_MEASURE_REPORT_CSV_N_COLUMNS);

  for (guint g = 0; g < cpis_measure_report_get_n_groups (report); g++)
    {
      const CpisMeasureGroup *group = cpis_measure_report_get_group (report, g);
      g_autofree char *count = count_cell (group->count);
      g_autofree char *out_of = count_cell (group->denominator);
      g_autofree char *score = count_cell (group->score);
      const char *cells[CPIS_MEASURE_REPORT_CSV_N_COLUMNS] = {
        area, la, cpis_measure_report_get_period_start (report), cpis_measure_report_get_period_end (report),
        group->code, group->text, NULL, NULL, NULL,
        count, out_of, score, NULL, NULL,
      };

      /* a measure of strata only has no row of its own */
      if (group->count != CPIS_MEASURE_NO_COUNT || group->denominator != CPIS_MEASURE_NO_COUNT ||
          group->score != CPIS_MEASURE_NO_COUNT)
        cpis_csv_append_row (out, cells, CPIS_MEASURE_REPORT_CSV_N_COLUMNS);

      for (guint s = 0; s < group->stratifiers->len; s++)
        {
          const CpisMeasureStratifier *stratifier = g_ptr_array_index (group->stratifiers, s);

          for (guint i = 0; i < stratifier->strata->len; i++)
            {
              const CpisMeasureStratum *stratum = g_ptr_array_index (stratifier->strata, i);
              g_autofree char *stratum_count = count_cell (stratum->count);

              cells[6] = stratifier->code;
              cells[7] = stratum->value;
              cells[8] = stratum->text;
              cells[9] = stratum_count;
              cells[10] = NULL;
              cells[11] = NULL;
              cells[12] = stratum->kind;
              cells[13] = stratum->last_check;
              cpis_csv_append_row (out, cells, CPIS_MEASURE_REPORT_CSV_N_COLUMNS);
            }
        }
    }

  return g_string_free_to_bytes (out);
}
