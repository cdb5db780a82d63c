/* fuzz-csv.c: the CSV reader of plan and demographics imports (cpis-csv.c) */
#include "cpis-csv.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char * const header[] = {
  "nhs_number", "family_name", "given_name", "date_of_birth", "plan_type",
  "start_date", "end_date", "due_date", "la_ods_code",
};
static const char * const optional[] = { "restricted", "superseded_by" };

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  int optional_columns[G_N_ELEMENTS (optional)];
  g_autoptr(GPtrArray) rows = cpis_csv_read ((const char *) data, size, header, G_N_ELEMENTS (header), optional,
                                             G_N_ELEMENTS (optional), optional_columns, &error);

  g_assert ((rows == NULL) != (error == NULL));
  if (rows != NULL)
    for (guint i = 0; i < rows->len; i++)
      {
        CpisCsvRow *row = rows->pdata[i];

        g_assert (row->line >= 2);
        for (guint j = 0; j < row->fields->len; j++)
          g_assert (g_utf8_validate (row->fields->pdata[j], -1, NULL));
      }
  return 0;
}
